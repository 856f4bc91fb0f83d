package io.jdefer.bench.tools;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.lang.model.element.Modifier;

/**
 * Writes the compile-time corpus: {@code count} service classes, each with four {@code @Deferred}
 * methods (open-coded lock/span/transaction with several returns, a defer in a loop that needs a
 * frame, a recovering lambda, a capturing lambda) and four plain methods, so that the processor
 * works on a realistic mix: half of the methods of every class use defer, the other half do not.
 * Classes differ by their index (how many resources a method opens, constants), so javac does not
 * see one class a thousand times.
 *
 * <p>Usage: {@code CorpusGenerator <source dir> [count]}; deterministic: the same count gives the
 * same sources.
 */
public final class CorpusGenerator {
    static final String SUPPORT = "corpus.support";
    static final ClassName DEFERRED = ClassName.get("io.jdefer", "Deferred");
    static final ClassName DEFERS = ClassName.get("io.jdefer", "Defers");
    static final ClassName RESOURCE = ClassName.get(SUPPORT, "Resource");
    static final ClassName SPAN = ClassName.get(SUPPORT, "Span");
    static final ClassName TX = ClassName.get(SUPPORT, "Tx");
    static final ClassName STORE = ClassName.get(SUPPORT, "Store");

    private CorpusGenerator() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int files = write(dir, count);
        System.out.println("corpus: " + files + " source files in " + dir);
    }

    /** Writes the support types and {@code count} services under {@code dir}; returns the file count. */
    static int write(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        for (TypeSpec support : supportTypes()) {
            JavaFile.builder(SUPPORT, support).skipJavaLangImports(true).build().writeTo(dir);
        }
        for (int i = 0; i < count; i++) {
            String pkg = String.format("corpus.p%02d", i / 100);
            JavaFile.builder(pkg, service(i))
                    .addStaticImport(DEFERS, "defer", "deferOnError", "deferOnSuccess", "recover")
                    .skipJavaLangImports(true)
                    .build()
                    .writeTo(dir);
        }
        return count + supportTypes().size();
    }

    static List<TypeSpec> supportTypes() {
        TypeSpec resource = TypeSpec.classBuilder("Resource").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addField(int.class, "open", Modifier.PRIVATE)
                .addMethod(MethodSpec.methodBuilder("open").addModifiers(Modifier.PUBLIC).returns(RESOURCE)
                        .addStatement("open++").addStatement("return this").build())
                .addMethod(MethodSpec.methodBuilder("close").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                        .addStatement("open--").build())
                .build();
        TypeSpec span = TypeSpec.classBuilder("Span").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addField(String.class, "name", Modifier.PRIVATE, Modifier.FINAL)
                .addField(long.class, "start", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addParameter(String.class, "name").addParameter(long.class, "start")
                        .addStatement("this.name = name").addStatement("this.start = start").build())
                .addMethod(MethodSpec.methodBuilder("end").addModifiers(Modifier.PUBLIC).returns(long.class)
                        .addStatement("return System.nanoTime() - start").build())
                .build();
        TypeSpec tx = TypeSpec.classBuilder("Tx").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addField(boolean.class, "done", Modifier.PRIVATE)
                .addMethod(MethodSpec.methodBuilder("commit").addModifiers(Modifier.PUBLIC).addStatement("done = true").build())
                .addMethod(MethodSpec.methodBuilder("rollback").addModifiers(Modifier.PUBLIC)
                        .addException(java.io.IOException.class)
                        .beginControlFlow("if (done)").addStatement("throw new $T($S)", java.io.IOException.class, "done")
                        .endControlFlow().build())
                .build();
        TypeSpec store = TypeSpec.classBuilder("Store").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addMethod(MethodSpec.methodBuilder("begin").addModifiers(Modifier.PUBLIC).returns(TX)
                        .addStatement("return new $T()", TX).build())
                .addMethod(MethodSpec.methodBuilder("get").addModifiers(Modifier.PUBLIC).returns(int.class)
                        .addParameter(TX, "tx").addParameter(int.class, "key")
                        .addStatement("return key * 31").build())
                .build();
        return List.of(resource, span, tx, store);
    }

    static TypeSpec service(int index) {
        int resources = 1 + index % 6;
        TypeSpec.Builder type = TypeSpec.classBuilder(String.format("Service%04d", index))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addField(FieldSpec.builder(ReentrantLock.class, "lock", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T()", ReentrantLock.class).build())
                .addField(FieldSpec.builder(STORE, "store", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T()", STORE).build())
                .addField(FieldSpec.builder(RESOURCE, "pool", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T()", RESOURCE).build())
                .addField(FieldSpec.builder(long.class, "hits", Modifier.PRIVATE).build());
        type.addMethod(handle(index, resources));
        type.addMethod(batch(index));
        type.addMethod(safe(index));
        type.addMethod(timed(index));
        type.addMethod(plainSum(index));
        type.addMethod(plainFormat(index));
        type.addMethod(plainClassify(index));
        type.addMethod(plainMax(index));
        return type.build();
    }

    /** Open-coded: lock, span, resources, a transaction rolled back on error, three returns. */
    static MethodSpec handle(int index, int resources) {
        CodeBlock.Builder body = CodeBlock.builder()
                .addStatement("lock.lock()")
                .addStatement("defer(lock::unlock)")
                .addStatement("$T span = new $T($S, System.nanoTime())", SPAN, SPAN, "handle" + index)
                .addStatement("defer(span::end)");
        for (int r = 0; r < resources; r++) {
            body.addStatement("$T r$L = pool.open()", RESOURCE, r).addStatement("defer(r$L::close)", r);
        }
        body.addStatement("$T tx = store.begin()", TX)
                .addStatement("deferOnError(tx::rollback)")
                .beginControlFlow("if (key < 0)")
                .addStatement("throw new $T($S + key)", IllegalArgumentException.class, "negative key ")
                .endControlFlow()
                .beginControlFlow("if (key == $L)", index)
                .addStatement("return -1")
                .endControlFlow()
                .addStatement("int value = store.get(tx, key) + $L", index)
                .beginControlFlow("if (value % 7 == 0)")
                .addStatement("tx.commit()")
                .addStatement("return 0")
                .endControlFlow()
                .addStatement("tx.commit()")
                .addStatement("return value");
        return MethodSpec.methodBuilder("handle").addAnnotation(DEFERRED).addModifiers(Modifier.PUBLIC)
                .returns(int.class).addParameter(int.class, "key").addException(java.io.IOException.class)
                .addCode(body.build()).build();
    }

    /** A defer in a loop: lowered with a frame. */
    static MethodSpec batch(int index) {
        return MethodSpec.methodBuilder("batch").addAnnotation(DEFERRED).addModifiers(Modifier.PUBLIC)
                .returns(long.class)
                .addParameter(ParameterizedTypeName.get(ClassName.get(List.class), RESOURCE), "items")
                .addStatement("long total = $L", index)
                .beginControlFlow("for ($T item : items)", RESOURCE)
                .addStatement("item.open()")
                .addStatement("defer(item::close)")
                .addStatement("total += item.hashCode() % $L", 13 + index % 17)
                .endControlFlow()
                .addStatement("return total")
                .build();
    }

    /** A recovering lambda: Go's {@code defer func() { recover() }()}. */
    static MethodSpec safe(int index) {
        return MethodSpec.methodBuilder("safe").addAnnotation(DEFERRED).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addParameter(String.class, "text")
                .addCode(CodeBlock.builder()
                        .add("defer(() -> {\n").indent()
                        .addStatement("$T t = recover()", Throwable.class)
                        .beginControlFlow("if (t != null)")
                        .addStatement("hits += $L", index)
                        .endControlFlow()
                        .unindent().add("});\n")
                        .build())
                .addStatement("return text.substring($L)", index % 3)
                .build();
    }

    /** A lambda capturing a String, an int and a long, with deferOnSuccess. */
    static MethodSpec timed(int index) {
        return MethodSpec.methodBuilder("timed").addAnnotation(DEFERRED).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT).addParameter(String.class, "name").addParameter(int.class, "status")
                .addStatement("long start = System.nanoTime()")
                .addStatement("defer(() -> hits += name.length() + status + (System.nanoTime() - start))")
                .addStatement("deferOnSuccess(() -> hits++)")
                .beginControlFlow("if (status >= 500)")
                .addStatement("return $L", index)
                .endControlFlow()
                .addStatement("return status + $L", index)
                .build();
    }

    static MethodSpec plainSum(int index) {
        return MethodSpec.methodBuilder("sum").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(long.class).addParameter(int[].class, "values")
                .addStatement("long sum = $L", index)
                .beginControlFlow("for (int v : values)")
                .addStatement("sum += v * $L", 1 + index % 5)
                .endControlFlow()
                .addStatement("return sum")
                .build();
    }

    static MethodSpec plainFormat(int index) {
        return MethodSpec.methodBuilder("format").addModifiers(Modifier.PUBLIC)
                .returns(String.class).addParameter(String.class, "name").addParameter(int.class, "count")
                .addStatement("$T b = new $T()", StringBuilder.class, StringBuilder.class)
                .addStatement("b.append($S).append(name).append(':').append(count)", "service" + index + " ")
                .beginControlFlow("if (count > $L)", index % 10)
                .addStatement("b.append($S)", " (many)")
                .endControlFlow()
                .addStatement("return b.toString()")
                .build();
    }

    static MethodSpec plainClassify(int index) {
        return MethodSpec.methodBuilder("classify").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(String.class).addParameter(int.class, "status")
                .beginControlFlow("switch (status / 100)")
                .addStatement("case 2: return $S", "ok" + index)
                .addStatement("case 3: return $S", "redirect")
                .addStatement("case 4: return $S", "client error")
                .addStatement("case 5: return $S", "server error")
                .addStatement("default: return $S", "unknown")
                .endControlFlow()
                .build();
    }

    static MethodSpec plainMax(int index) {
        return MethodSpec.methodBuilder("max").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(int.class).addParameter(int.class, "a").addParameter(int.class, "b")
                .addStatement("return Math.max(a, b) + $L", index % 3)
                .build();
    }
}
