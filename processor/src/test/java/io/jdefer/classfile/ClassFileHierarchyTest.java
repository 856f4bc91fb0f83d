package io.jdefer.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Javac;
import java.util.List;
import java.util.Map;
import io.jdefer.rewrite.ClassFileShapes;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 5: the common superclasses stack map frames need, answered from class files (the
 * compilation's and the JDK's), by the rule the processor's {@code ModelHierarchy} applies; a class
 * whose file is missing is an error naming it, not {@code java/lang/Object}.
 */
class ClassFileHierarchyTest {
    static final String SOURCE = """
            package h;
            public class Shapes {
                interface Named {} interface Sized extends Named {}
                static class Shape implements Sized {}
                static class Round extends Shape {} static class Circle extends Round {} static class Square extends Shape {}
                static class Other implements Named {}
                static class Failure extends IllegalStateException {}
            }
            """;

    private final Map<String, byte[]> classes = Javac.javac().withoutProcessor().compile(SOURCE).assertSuccess().classes();
    private final ClassFileShapes hierarchy = new ClassFileShapes(
            ClassLookup.firstOf(List.of(name -> classes.get(name.replace('/', '.')), ClassLookup.jdk()))::find);

    @Test
    void siblings_meetAtTheirNearestCommonSuperclass() {
        assertEquals("h/Shapes$Shape", hierarchy.commonSuperClass("h/Shapes$Circle", "h/Shapes$Square"));
        assertEquals("h/Shapes$Round", hierarchy.commonSuperClass("h/Shapes$Circle", "h/Shapes$Round"));
        assertEquals("h/Shapes$Round", hierarchy.commonSuperClass("h/Shapes$Round", "h/Shapes$Circle"));
        assertEquals("java/lang/Object", hierarchy.commonSuperClass("h/Shapes$Circle", "h/Shapes$Other"));
    }

    @Test
    void userAndJdkClasses_meetInTheJdksHierarchy() {
        assertEquals("java/lang/RuntimeException", hierarchy.commonSuperClass("h/Shapes$Failure", "java/lang/IllegalArgumentException"));
        assertEquals("java/lang/Throwable", hierarchy.commonSuperClass("java/lang/Error", "h/Shapes$Failure"));
    }

    @Test
    void anInterfaceTheOtherImplements_isTheAnswer_elseObject() {
        assertEquals("h/Shapes$Named", hierarchy.commonSuperClass("h/Shapes$Named", "h/Shapes$Circle"));
        assertEquals("h/Shapes$Sized", hierarchy.commonSuperClass("h/Shapes$Square", "h/Shapes$Sized"));
        assertEquals("java/lang/Object", hierarchy.commonSuperClass("h/Shapes$Sized", "h/Shapes$Other"));
    }

    @Test
    void aMissingClassFile_isAnErrorNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> hierarchy.commonSuperClass("h/Shapes$Circle", "h/Gone"));
        assertTrue(e.getMessage().contains("h.Gone"), e.getMessage());
    }
}
