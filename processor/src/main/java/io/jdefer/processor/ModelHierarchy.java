package io.jdefer.processor;

import io.jdefer.rewrite.ClassShape;
import io.jdefer.rewrite.ClassShapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.objectweb.asm.Opcodes;


/**
 * The classes around the one being rewritten, answered from {@code javax.lang.model}: the class
 * hierarchy for stack map frames, and the shapes the rewriter resolves {@code @Defer} methods on.
 * No user class is ever loaded (SPEC section 5). Local and anonymous classes, which have no
 * canonical name, come from the classes the scan saw.
 */
final class ModelHierarchy implements ClassShapes {
    private static final String OBJECT = "java/lang/Object";

    private final Elements elements;
    private final Types types;
    private final Map<String, TypeElement> seen;
    /** Answers already given: frame computation asks the same pairs again and again. */
    private final Map<String, String> answers = new HashMap<>();
    private final Map<String, Optional<ClassShape>> shapes = new HashMap<>();

    ModelHierarchy(Elements elements, Types types, Map<String, TypeElement> seen) {
        this.elements = elements;
        this.types = types;
        this.seen = seen;
    }

    @Override
    public String commonSuperClass(String type1, String type2) {
        return answers.computeIfAbsent(type1 + ' ' + type2, key -> compute(type1, type2));
    }

    private String compute(String type1, String type2) {
        TypeElement first = find(type1);
        TypeElement second = find(type2);
        if (first == null || second == null) {
            return OBJECT;
        }
        TypeMirror a = types.erasure(first.asType());
        TypeMirror b = types.erasure(second.asType());
        if (types.isAssignable(b, a)) {
            return type1;
        }
        if (types.isAssignable(a, b)) {
            return type2;
        }
        if (first.getKind().isInterface() || second.getKind().isInterface()) {
            return OBJECT;
        }
        for (TypeMirror superclass = first.getSuperclass(); superclass.getKind() == TypeKind.DECLARED;
                superclass = ((TypeElement) ((DeclaredType) superclass).asElement()).getSuperclass()) {
            TypeMirror erased = types.erasure(superclass);
            if (types.isAssignable(b, erased)) {
                return elements.getBinaryName((TypeElement) ((DeclaredType) superclass).asElement()).toString().replace('.', '/');
            }
        }
        return OBJECT;
    }

    @Override
    public ClassShape shape(String internalName) {
        return shapes.computeIfAbsent(internalName, this::describe).orElse(null);
    }

    private Optional<ClassShape> describe(String internalName) {
        TypeElement type = find(internalName);
        if (type == null) {
            return Optional.empty();
        }
        int access = (type.getModifiers().contains(Modifier.PUBLIC) ? Opcodes.ACC_PUBLIC : 0)
                | (type.getKind().isInterface() ? Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT : 0);
        String superName = type.getSuperclass().getKind() == TypeKind.DECLARED ? nameOf(type.getSuperclass()) : null;
        List<String> interfaces = new ArrayList<>();
        for (TypeMirror face : type.getInterfaces()) {
            interfaces.add(nameOf(face));
        }
        List<ClassShape.Member> methods = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = method.getModifiers();
            int flags = (modifiers.contains(Modifier.PUBLIC) ? Opcodes.ACC_PUBLIC : 0)
                    | (modifiers.contains(Modifier.PRIVATE) ? Opcodes.ACC_PRIVATE : 0)
                    | (modifiers.contains(Modifier.PROTECTED) ? Opcodes.ACC_PROTECTED : 0)
                    | (modifiers.contains(Modifier.STATIC) ? Opcodes.ACC_STATIC : 0);
            methods.add(new ClassShape.Member(method.getSimpleName().toString(),
                    methodDescriptor((ExecutableType) types.erasure(method.asType())), flags));
        }
        return Optional.of(new ClassShape(internalName, access, superName, interfaces, methods, null));
    }

    private String nameOf(TypeMirror type) {
        return elements.getBinaryName((TypeElement) ((DeclaredType) types.erasure(type)).asElement()).toString().replace('.', '/');
    }

    private String methodDescriptor(ExecutableType method) {
        StringBuilder out = new StringBuilder("(");
        for (TypeMirror parameter : method.getParameterTypes()) {
            out.append(descriptor(parameter));
        }
        return out.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private String descriptor(TypeMirror type) {
        TypeMirror erased = types.erasure(type);
        switch (erased.getKind()) {
            case BOOLEAN: return "Z";
            case BYTE: return "B";
            case SHORT: return "S";
            case CHAR: return "C";
            case INT: return "I";
            case LONG: return "J";
            case FLOAT: return "F";
            case DOUBLE: return "D";
            case VOID: return "V";
            case ARRAY: return "[" + descriptor(((ArrayType) erased).getComponentType());
            case DECLARED: return "L" + nameOf(erased) + ";";
            default: return "Ljava/lang/Object;";
        }
    }

    private TypeElement find(String internalName) {
        TypeElement known = seen.get(internalName);
        if (known != null) {
            return known;
        }
        String name = internalName.replace('/', '.');
        TypeElement found = elements.getTypeElement(name);
        // A '$' may separate nested classes: try each one as a '.', from the right.
        for (int dollar = name.lastIndexOf('$'); found == null && dollar > 0; dollar = name.lastIndexOf('$', dollar - 1)) {
            name = name.substring(0, dollar) + '.' + name.substring(dollar + 1);
            found = elements.getTypeElement(name);
        }
        return found;
    }
}
