package io.jdefer.reliability;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import com.squareup.javapoet.TypeVariableName;
import io.jdefer.Deferred;
import io.jdefer.Strategy;
import io.jdefer.reliability.FuzzModel.Batch;
import io.jdefer.reliability.FuzzModel.Compound;
import io.jdefer.reliability.FuzzModel.DeferLocal;
import io.jdefer.reliability.FuzzModel.ExprAction;
import io.jdefer.reliability.FuzzModel.Kind;
import io.jdefer.reliability.FuzzModel.LambdaAction;
import io.jdefer.reliability.FuzzModel.LambdaScope;
import io.jdefer.reliability.FuzzModel.Method;
import io.jdefer.reliability.FuzzModel.Part;
import io.jdefer.reliability.FuzzModel.Raw;
import io.jdefer.reliability.FuzzModel.Recover;
import io.jdefer.reliability.FuzzModel.Register;
import io.jdefer.reliability.FuzzModel.Stmt;
import io.jdefer.testing.Source;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@link Batch} as Java source with JavaPoet, once per {@link Variant}: the jdefer program
 * under each strategy, and the reference program that implements SPEC S1-S6 by hand with
 * {@link FuzzSupport.RefScope} (each scope's body in {@code try}/{@code catch}/{@code finally}).
 */
final class FuzzRenderer {
    static final String PACKAGE = "fuzz";

    /**
     * AUTO puts {@code @Deferred} on each method; FRAME and INLINE on the class (INLINE methods whose
     * registrations may repeat get {@code @Deferred(AUTO)}); REF is plain Java.
     */
    enum Variant { AUTO, FRAME, INLINE, REF }

    private static final Map<String, TypeName> TYPES = Map.ofEntries(Map.entry("void", TypeName.VOID), Map.entry("int", TypeName.INT),
            Map.entry("long", TypeName.LONG), Map.entry("double", TypeName.DOUBLE), Map.entry("float", TypeName.FLOAT),
            Map.entry("boolean", TypeName.BOOLEAN), Map.entry("char", TypeName.CHAR), Map.entry("byte", TypeName.BYTE),
            Map.entry("short", TypeName.SHORT), Map.entry("String", ClassName.get(String.class)), Map.entry("Object", TypeName.OBJECT));

    private final Variant variant;
    private final String className;
    private int scopes;

    private FuzzRenderer(Variant variant, String className) {
        this.variant = variant;
        this.className = className;
    }

    static String className(Batch batch, Variant variant) {
        return batch.prefix() + "_" + variant;
    }

    static Source source(Batch batch, Variant variant) {
        String name = className(batch, variant);
        return new Source(PACKAGE + "." + name, new FuzzRenderer(variant, name).file(batch));
    }

    private String file(Batch batch) {
        TypeSpec.Builder type = TypeSpec.classBuilder(className).addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        // A final field for method-reference receivers read from a field (D27: read again at each exit).
        type.addField(FieldSpec.builder(ClassName.get(FuzzSupport.Res.class), "FIELD", Modifier.STATIC, Modifier.FINAL)
                .initializer("quiet($S)", "field").build());
        if (variant == Variant.FRAME || variant == Variant.INLINE) {
            type.addAnnotation(deferred(Strategy.valueOf(variant.name())));
        }
        for (Method method : batch.methods()) {
            if (method.kind() == Kind.CONSTRUCTOR) {
                type.addMethod(MethodSpec.methodBuilder(method.name()).addModifiers(Modifier.STATIC).addParameter(int.class, "a")
                        .addParameter(int.class, "b").addException(Throwable.class).addStatement("new $L(a, b)", nested(method)).build());
                MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addParameter(int.class, "a").addParameter(int.class, "b")
                        .addException(Throwable.class).addCode(body(method, batch.seed()));
                annotate(constructor, method);
                MethodSpec other = MethodSpec.constructorBuilder().addParameter(int.class, "a").addParameter(int.class, "b")
                        .addParameter(int.class, "c").addStatement("log($S)", method.name() + ":init").build();
                MethodSpec bump = MethodSpec.methodBuilder("bump").addStatement("f++").addStatement("log($S + f)", method.name() + ":bump ")
                        .build();
                type.addType(TypeSpec.classBuilder(nested(method)).addModifiers(Modifier.STATIC, Modifier.FINAL)
                        .addField(int.class, "f").addMethod(constructor.build()).addMethod(other).addMethod(bump).build());
                continue;
            }
            MethodSpec.Builder builder = MethodSpec.methodBuilder(method.name()).addModifiers(Modifier.STATIC)
                    .returns(TYPES.get(method.returnType())).addException(Throwable.class);
            if (method.kind() == Kind.STATIC) {
                boolean overloaded = overloaded(batch.seed(), method);
                if (overloaded) {
                    // mN(int, int), which the runner and the other methods call, defers a log of its
                    // own and hands over to the overload mN(Integer, int) that holds the body: two
                    // methods of one name that both register (in every variant alike).
                    String call = method.name() + "(Integer.valueOf(a), b);";
                    List<Stmt> forward = List.of(new Register("defer", new LambdaAction(List.of(new Raw("log(\"" + method.name()
                            + ":forwarded \" + a);")))), new Raw(method.returnType().equals("void") ? call : "return " + call));
                    MethodSpec.Builder forwarder = MethodSpec.methodBuilder(method.name()).addModifiers(Modifier.STATIC)
                            .returns(TYPES.get(method.returnType())).addException(Throwable.class).addParameter(int.class, "a")
                            .addParameter(int.class, "b");
                    Method forwarding = new Method(method.name(), Kind.STATIC, method.returnType(), method.defaultValue(), forward, false,
                            false);
                    annotate(forwarder, forwarding);
                    type.addMethod(forwarder.addCode(body(forwarding, batch.seed())).build());
                }
                builder.addParameter(overloaded ? ClassName.get(Integer.class) : TypeName.INT, "a").addParameter(int.class, "b");
                // For @Defer locals of an intersection type, whose close() is found on the second bound (issue 14 item 5).
                builder.addTypeVariable(TypeVariableName.get("T", ClassName.get(Number.class), ClassName.get(AutoCloseable.class)));
            }
            if (method.synchronizedMethod()) {
                builder.addModifiers(Modifier.SYNCHRONIZED);
            }
            annotate(builder, method);
            type.addMethod(builder.addCode(body(method, batch.seed())).build());
        }
        JavaFile.Builder file = JavaFile.builder(PACKAGE, type.build()).addStaticImport(FuzzSupport.class, "*")
                .addFileComment("seed $L, $L", batch.seed(), variant).skipJavaLangImports(true);
        if (variant != Variant.REF) {
            file.addStaticImport(ClassName.get("io.jdefer", "Defers"), "*");
        }
        String text = file.build().toString();
        // @Defer and Action appear in statement text: import the API package for them.
        return text.replaceFirst("(?m)^package fuzz;\n", "package fuzz;\n\nimport io.jdefer.*;\nimport java.util.concurrent.locks.ReentrantLock;\n");
    }

    static String nested(Method method) {
        return "K" + method.name();
    }

    private void annotate(MethodSpec.Builder builder, Method method) {
        if (variant == Variant.AUTO) {
            builder.addAnnotation(Deferred.class);
        } else if (variant == Variant.INLINE && method.mayBeDynamic()) {
            builder.addAnnotation(deferred(Strategy.AUTO));
        }
    }

    private static AnnotationSpec deferred(Strategy strategy) {
        return AnnotationSpec.builder(Deferred.class).addMember("value", "$T.$L", Strategy.class, strategy.name()).build();
    }

    private CodeBlock body(Method method, long seed) {
        scopes = 0;
        CodeBlock.Builder out = CodeBlock.builder();
        List<Stmt> body = method.body();
        if (!body.isEmpty() && body.get(0) instanceof Raw raw && (raw.code().startsWith("super(") || raw.code().startsWith("this("))) {
            line(out, raw.code());
            body = body.subList(1, body.size());
        }
        // An action target's body recovers what is offered to it (S5): in the reference, a claim.
        boolean target = method.kind() == Kind.ACTION_TARGET;
        if (variant == Variant.REF) {
            if (target) {
                line(out, "final RefScope.Offer $claim = RefScope.claim(\"" + method.name() + "\");");
            }
            scoped(out, body, target ? "$claim" : null, method.defaultValue());
        } else if (oneLine(seed, method)) {
            CodeBlock.Builder joined = CodeBlock.builder();
            statements(joined, body, null, target ? "action" : null);
            out.add("$L\n", joined.build().toString().replace('\n', ' '));
        } else {
            statements(out, body, null, target ? "action" : null);
        }
        return out.build();
    }

    /**
     * Whether the jdefer variants write {@code method}'s body on one source line: every site, lambda
     * and {@code @Defer} local of it then shares one line number, so nothing may be joined by line
     * (the reference is written as usual: lines change no behaviour it compares). A quarter of the
     * methods, chosen from the batch's seed and the method's name alone, so that the other choices of
     * a seed stay what they were ({@code SplittableRandom}, whose first value is well mixed even for
     * neighbouring seeds; {@code java.util.Random}'s first {@code nextInt(4)} picked a block of
     * neighbouring names).
     */
    static boolean oneLine(long seed, Method method) {
        return quarter(seed * 31, method, 0x1111EL);
    }

    /**
     * Whether a static method's body goes in an overload {@code mN(Integer a, int b)} that
     * {@code mN(int a, int b)} calls after deferring a log of its own: a quarter of them, chosen as
     * {@link #oneLine} is. The body reads {@code a} unboxed, and captures it boxed.
     */
    static boolean overloaded(long seed, Method method) {
        return quarter(seed * 37, method, 0x0EE1L);
    }

    /** One method in four, from {@code seed}, the method's name and {@code salt} alone. */
    private static boolean quarter(long seed, Method method, long salt) {
        return new SplittableRandom(seed + method.name().hashCode() ^ salt).nextInt(4) == 0;
    }

    /**
     * The reference form of an invocation scope (S2, S4, S6): the body in a try whose catch makes
     * its exception pending and whose finally runs the actions; a recovered exception falls through
     * to the default value.
     */
    private void scoped(CodeBlock.Builder out, List<Stmt> body, String actionOf, String defaultValue) {
        String scope = "$s" + scopes++;
        line(out, "final RefScope " + scope + " = new RefScope();");
        line(out, "try {");
        out.indent();
        statements(out, body, scope, actionOf);
        out.unindent();
        line(out, "} catch (Throwable $t" + scope.substring(2) + ") {");
        out.indent();
        line(out, scope + ".fail($t" + scope.substring(2) + ");");
        out.unindent();
        line(out, "} finally {");
        out.indent();
        line(out, scope + ".exit();");
        out.unindent();
        line(out, "}");
        if (defaultValue != null) {
            line(out, "return " + defaultValue + ";");
        }
    }

    /**
     * {@code scope}: the reference's scope variable of the enclosing invocation; {@code actionOf}:
     * the scope whose action this body is, for {@code recover()}.
     */
    private void statements(CodeBlock.Builder out, List<Stmt> stmts, String scope, String actionOf) {
        for (Stmt stmt : stmts) {
            if (stmt instanceof Raw raw) {
                line(out, raw.code());
            } else if (stmt instanceof Compound compound) {
                for (Part part : compound.parts()) {
                    line(out, part.header());
                    out.indent();
                    statements(out, part.body(), scope, actionOf);
                    out.unindent();
                }
                line(out, compound.footer());
            } else if (stmt instanceof Register register) {
                register(out, register, scope);
            } else if (stmt instanceof DeferLocal local) {
                if (variant == Variant.REF) {
                    line(out, local.type() + " " + local.name() + " = " + local.init() + ";");
                    line(out, "if (" + local.name() + " != null) " + scope + ".defer(" + local.name() + "::" + local.method() + ");");
                } else {
                    String annotation = local.method().equals("close") ? "@Defer" : "@Defer(\"" + local.method() + "\")";
                    line(out, annotation + " " + local.type() + " " + local.name() + " = " + local.init() + ";");
                }
            } else if (stmt instanceof Recover recover) {
                if (actionOf == null) {
                    throw new IllegalStateException("have recover() outside an action body, want it only directly in one");
                }
                line(out, "Throwable " + recover.name() + " = " + (variant == Variant.REF ? actionOf + "." : "") + "recover();");
            } else if (stmt instanceof LambdaScope lambda) {
                line(out, lambda.prefix());
                out.indent();
                if (variant == Variant.REF) {
                    scoped(out, lambda.body(), null, lambda.defaultReturn());
                } else {
                    statements(out, lambda.body(), null, null);
                }
                out.unindent();
                line(out, lambda.suffix());
            }
        }
    }

    private void register(CodeBlock.Builder out, Register register, String scope) {
        String call = variant == Variant.REF ? scope + "." + register.api() : register.api();
        if (register.action() instanceof ExprAction expr) {
            line(out, call + "(" + (variant == Variant.REF ? expr.reference() : expr.jdefer()) + ");");
            return;
        }
        LambdaAction lambda = (LambdaAction) register.action();
        line(out, call + "(() -> {");
        out.indent();
        if (variant == Variant.REF) {
            scoped(out, lambda.body(), scope, null);
        } else {
            statements(out, lambda.body(), null, "action");
        }
        out.unindent();
        line(out, "});");
    }

    private void line(CodeBlock.Builder out, String text) {
        for (String line : text.replace("@@", className).split("\n")) {
            out.add("$L\n", line);
        }
    }
}
