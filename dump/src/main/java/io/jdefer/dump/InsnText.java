package io.jdefer.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * One instruction as text, in {@code javap -c}'s vocabulary but with the constant pool resolved
 * inline (no {@code #12}: constant pool indices differ between javac releases, names do not).
 * Jump targets are pcs.
 */
final class InsnText {
    private static final String[] ARRAY_TYPES = {null, null, null, null, "boolean", "char", "float", "double", "byte", "short",
        "int", "long"};

    private final Map<LabelNode, Integer> labelPcs;

    InsnText(Map<LabelNode, Integer> labelPcs) {
        this.labelPcs = labelPcs;
    }

    /** {@code rawOpcode} is the byte in the code array ({@code aload_1}, {@code ldc_w}, {@code wide}), which ASM folds away. */
    String format(AbstractInsnNode insn, int rawOpcode) {
        String name = Bytecodes.name(rawOpcode == 0xc4 ? insn.getOpcode() : rawOpcode);
        if (insn instanceof VarInsnNode) {
            return name.indexOf('_') > 0 ? name : pad(name) + ((VarInsnNode) insn).var;
        }
        if (insn instanceof IntInsnNode) {
            int operand = ((IntInsnNode) insn).operand;
            return pad(name) + (insn.getOpcode() == Opcodes.NEWARRAY ? ARRAY_TYPES[operand] : Integer.toString(operand));
        }
        if (insn instanceof TypeInsnNode) {
            return pad(name) + ((TypeInsnNode) insn).desc;
        }
        if (insn instanceof FieldInsnNode) {
            FieldInsnNode field = (FieldInsnNode) insn;
            return pad(name) + field.owner + "." + field.name + ":" + field.desc;
        }
        if (insn instanceof MethodInsnNode) {
            MethodInsnNode method = (MethodInsnNode) insn;
            return pad(name) + method.owner + "." + method.name + ":" + method.desc;
        }
        if (insn instanceof InvokeDynamicInsnNode) {
            return pad(name) + indy((InvokeDynamicInsnNode) insn);
        }
        if (insn instanceof JumpInsnNode) {
            return pad(name) + pc(((JumpInsnNode) insn).label);
        }
        if (insn instanceof LdcInsnNode) {
            return pad(name) + constant(((LdcInsnNode) insn).cst);
        }
        if (insn instanceof IincInsnNode) {
            IincInsnNode iinc = (IincInsnNode) insn;
            return pad(name) + iinc.var + ", " + iinc.incr;
        }
        if (insn instanceof TableSwitchInsnNode) {
            TableSwitchInsnNode table = (TableSwitchInsnNode) insn;
            List<String> cases = new ArrayList<>();
            for (int i = 0; i < table.labels.size(); i++) {
                cases.add((table.min + i) + ": " + pc(table.labels.get(i)));
            }
            cases.add("default: " + pc(table.dflt));
            return pad(name) + "{ " + String.join(", ", cases) + " }";
        }
        if (insn instanceof LookupSwitchInsnNode) {
            LookupSwitchInsnNode lookup = (LookupSwitchInsnNode) insn;
            List<String> cases = new ArrayList<>();
            for (int i = 0; i < lookup.keys.size(); i++) {
                cases.add(lookup.keys.get(i) + ": " + pc(lookup.labels.get(i)));
            }
            cases.add("default: " + pc(lookup.dflt));
            return pad(name) + "{ " + String.join(", ", cases) + " }";
        }
        if (insn instanceof MultiANewArrayInsnNode) {
            MultiANewArrayInsnNode multi = (MultiANewArrayInsnNode) insn;
            return pad(name) + multi.desc + ", " + multi.dims;
        }
        return name;
    }

    private String indy(InvokeDynamicInsnNode indy) {
        StringBuilder out = new StringBuilder(indy.name).append(':').append(indy.desc);
        String factory = indy.bsm.getOwner().substring(indy.bsm.getOwner().lastIndexOf('/') + 1);
        out.append("  // ").append(factory).append('.').append(indy.bsm.getName());
        for (Object argument : indy.bsmArgs) {
            if (argument instanceof Handle) {
                out.append(' ').append(handle((Handle) argument));
            } else if (argument instanceof String) {
                out.append(' ').append(quote((String) argument));
            }
        }
        return out.toString();
    }

    private static String handle(Handle handle) {
        return handle.getOwner() + "." + handle.getName() + ":" + handle.getDesc();
    }

    static String constant(Object value) {
        if (value instanceof String) {
            return quote((String) value);
        }
        if (value instanceof Long) {
            return value + "L";
        }
        if (value instanceof Float) {
            return value + "f";
        }
        if (value instanceof Double) {
            return value + "d";
        }
        if (value instanceof Type) {
            Type type = (Type) value;
            return type.getSort() == Type.METHOD ? "methodType " + type.getDescriptor() : "class " + type.getInternalName();
        }
        if (value instanceof Handle) {
            return "methodHandle " + handle((Handle) value);
        }
        if (value instanceof ConstantDynamic) {
            ConstantDynamic dynamic = (ConstantDynamic) value;
            return "dynamic " + dynamic.getName() + ":" + dynamic.getDescriptor();
        }
        return String.valueOf(value);
    }

    /** A Java string literal; control characters (the {@code \u0001} of concat recipes) escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    private int pc(LabelNode label) {
        Integer pc = labelPcs.get(label);
        if (pc == null) {
            throw new IllegalStateException("have a jump to a label outside the code, want one at an instruction");
        }
        return pc;
    }

    private static String pad(String name) {
        StringBuilder out = new StringBuilder(name);
        do {
            out.append(' ');
        } while (out.length() < 14);
        return out.toString();
    }
}
