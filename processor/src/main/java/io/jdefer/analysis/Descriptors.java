package io.jdefer.analysis;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** JVM names and descriptors of {@code javax.lang.model} types, after erasure. */
final class Descriptors {
    private final Elements elements;
    private final Types types;

    Descriptors(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    String internalName(TypeElement type) {
        return elements.getBinaryName(type).toString().replace('.', '/');
    }

    String descriptor(TypeMirror type) {
        TypeMirror erased = types.erasure(type);
        switch (erased.getKind()) {
            case BOOLEAN:
                return "Z";
            case BYTE:
                return "B";
            case SHORT:
                return "S";
            case CHAR:
                return "C";
            case INT:
                return "I";
            case LONG:
                return "J";
            case FLOAT:
                return "F";
            case DOUBLE:
                return "D";
            case VOID:
                return "V";
            case ARRAY:
                return "[" + descriptor(((ArrayType) erased).getComponentType());
            case DECLARED:
                return "L" + internalName((TypeElement) ((DeclaredType) erased).asElement()) + ";";
            default:
                throw new IllegalStateException("have type " + type + " of kind " + erased.getKind() + ", want one with a JVM descriptor");
        }
    }

    String methodDescriptor(ExecutableType method) {
        StringBuilder out = new StringBuilder("(");
        for (TypeMirror parameter : method.getParameterTypes()) {
            out.append(descriptor(parameter));
        }
        return out.append(')').append(descriptor(method.getReturnType())).toString();
    }
}
