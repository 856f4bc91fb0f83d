package io.jdefer.dump;

/**
 * One instruction of a dumped method.
 *
 * @param pc its offset in the code array
 * @param line the source line it belongs to, or 0 when the class has no line numbers
 * @param text the instruction, {@code javap -c} style, constant pool resolved
 * @param comment what the listing adds after {@code //}: a local's name, or empty
 * @param mark who wrote it and why
 * @param allocation the kind of heap allocation it makes, or {@code null}
 * @param normalPath whether it is on the method's normal path (docs/dump.md, "Normal path")
 * @param frame the verifier's view before it, {@code locals : stack} ({@code --frames}), or empty
 */
public record Instruction(int pc, int line, String text, String comment, Mark mark, String allocation, boolean normalPath,
                          String frame) {
    public Instruction(int pc, int line, String text, String comment, Mark mark, String allocation, boolean normalPath) {
        this(pc, line, text, comment, mark, allocation, normalPath, "");
    }

    public boolean allocates() {
        return allocation != null;
    }
}
