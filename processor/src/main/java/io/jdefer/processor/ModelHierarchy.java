package io.jdefer.processor;

import io.jdefer.rewrite.TypeHierarchy;
import java.util.Map;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The class hierarchy for stack map frames, answered from {@code javax.lang.model}: no user class
 * is ever loaded (SPEC section 5). Local and anonymous classes, which have no canonical name, come
 * from the classes the scan saw.
 */
final class ModelHierarchy implements TypeHierarchy {
    private static final String OBJECT = "java/lang/Object";

    private final Elements elements;
    private final Types types;
    private final Map<String, TypeElement> seen;
    /** Answers already given: frame computation asks the same pairs again and again. */
    private final Map<String, String> answers = new java.util.HashMap<>();

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
