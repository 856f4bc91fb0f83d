package io.jdefer.dump;

import java.util.Arrays;

/** The JVM instruction set as {@code javap} names it (JVMS 6.5), and instruction boundaries in a code array. */
final class Bytecodes {
    private Bytecodes() {}

    private static final String[] NAMES = (
            "nop aconst_null iconst_m1 iconst_0 iconst_1 iconst_2 iconst_3 iconst_4 iconst_5 lconst_0 lconst_1 "
            + "fconst_0 fconst_1 fconst_2 dconst_0 dconst_1 bipush sipush ldc ldc_w ldc2_w iload lload fload dload aload "
            + "iload_0 iload_1 iload_2 iload_3 lload_0 lload_1 lload_2 lload_3 fload_0 fload_1 fload_2 fload_3 "
            + "dload_0 dload_1 dload_2 dload_3 aload_0 aload_1 aload_2 aload_3 iaload laload faload daload aaload "
            + "baload caload saload istore lstore fstore dstore astore istore_0 istore_1 istore_2 istore_3 "
            + "lstore_0 lstore_1 lstore_2 lstore_3 fstore_0 fstore_1 fstore_2 fstore_3 dstore_0 dstore_1 dstore_2 "
            + "dstore_3 astore_0 astore_1 astore_2 astore_3 iastore lastore fastore dastore aastore bastore castore "
            + "sastore pop pop2 dup dup_x1 dup_x2 dup2 dup2_x1 dup2_x2 swap iadd ladd fadd dadd isub lsub fsub dsub "
            + "imul lmul fmul dmul idiv ldiv fdiv ddiv irem lrem frem drem ineg lneg fneg dneg ishl lshl ishr lshr "
            + "iushr lushr iand land ior lor ixor lxor iinc i2l i2f i2d l2i l2f l2d f2i f2l f2d d2i d2l d2f i2b i2c "
            + "i2s lcmp fcmpl fcmpg dcmpl dcmpg ifeq ifne iflt ifge ifgt ifle if_icmpeq if_icmpne if_icmplt "
            + "if_icmpge if_icmpgt if_icmple if_acmpeq if_acmpne goto jsr ret tableswitch lookupswitch ireturn "
            + "lreturn freturn dreturn areturn return getstatic putstatic getfield putfield invokevirtual "
            + "invokespecial invokestatic invokeinterface invokedynamic new newarray anewarray arraylength athrow "
            + "checkcast instanceof monitorenter monitorexit wide multianewarray ifnull ifnonnull goto_w jsr_w").split(" ");

    /** Fixed lengths by opcode; 0 for the variable-length switches and {@code wide}. */
    private static final int[] LENGTHS = new int[256];

    static {
        if (NAMES.length != 202) {
            throw new IllegalStateException("have " + NAMES.length + " opcode names, want 202");
        }
        Arrays.fill(LENGTHS, 1);
        LENGTHS[0x10] = 2; // bipush
        LENGTHS[0x11] = 3; // sipush
        LENGTHS[0x12] = 2; // ldc
        LENGTHS[0x13] = 3; // ldc_w
        LENGTHS[0x14] = 3; // ldc2_w
        for (int op = 0x15; op <= 0x19; op++) {
            LENGTHS[op] = 2; // xload n
        }
        for (int op = 0x36; op <= 0x3a; op++) {
            LENGTHS[op] = 2; // xstore n
        }
        LENGTHS[0x84] = 3; // iinc
        for (int op = 0x99; op <= 0xa8; op++) {
            LENGTHS[op] = 3; // if*, goto, jsr
        }
        LENGTHS[0xa9] = 2; // ret
        LENGTHS[0xaa] = 0; // tableswitch
        LENGTHS[0xab] = 0; // lookupswitch
        for (int op = 0xb2; op <= 0xb8; op++) {
            LENGTHS[op] = 3; // fields, invokevirtual/special/static
        }
        LENGTHS[0xb9] = 5; // invokeinterface
        LENGTHS[0xba] = 5; // invokedynamic
        LENGTHS[0xbb] = 3; // new
        LENGTHS[0xbc] = 2; // newarray
        LENGTHS[0xbd] = 3; // anewarray
        LENGTHS[0xc0] = 3; // checkcast
        LENGTHS[0xc1] = 3; // instanceof
        LENGTHS[0xc4] = 0; // wide
        LENGTHS[0xc5] = 4; // multianewarray
        LENGTHS[0xc6] = 3; // ifnull
        LENGTHS[0xc7] = 3; // ifnonnull
        LENGTHS[0xc8] = 5; // goto_w
        LENGTHS[0xc9] = 5; // jsr_w
    }

    static String name(int opcode) {
        return opcode >= 0 && opcode < NAMES.length ? NAMES[opcode] : "opcode" + opcode;
    }

    /** The pc of every instruction of {@code code}, in order. */
    static int[] pcs(byte[] code) {
        int[] pcs = new int[code.length];
        int count = 0;
        int pc = 0;
        while (pc < code.length) {
            pcs[count++] = pc;
            pc += length(code, pc);
        }
        if (pc != code.length) {
            throw new IllegalStateException("have instructions ending at " + pc + ", want " + code.length);
        }
        return Arrays.copyOf(pcs, count);
    }

    private static int length(byte[] code, int pc) {
        int opcode = code[pc] & 0xFF;
        switch (opcode) {
            case 0xaa: { // tableswitch: padding, default, low, high, (high - low + 1) offsets
                int at = align(pc);
                int low = s4(code, at + 4);
                int high = s4(code, at + 8);
                return at - pc + 12 + 4 * (high - low + 1);
            }
            case 0xab: { // lookupswitch: padding, default, npairs, npairs * (match, offset)
                int at = align(pc);
                return at - pc + 8 + 8 * s4(code, at + 4);
            }
            case 0xc4: // wide: iinc has two 2-byte operands, the loads and stores one
                return (code[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
            default:
                return LENGTHS[opcode];
        }
    }

    private static int align(int pc) {
        return (pc + 4) & ~3;
    }

    private static int s4(byte[] code, int at) {
        return ((code[at] & 0xFF) << 24) | ((code[at + 1] & 0xFF) << 16) | ((code[at + 2] & 0xFF) << 8) | (code[at + 3] & 0xFF);
    }
}
