package io.jdefer.plan;

/** A method to call, as the JVM names it: {@code owner} is an internal name ({@code java/io/Closeable}). */
public record MethodRef(String owner, String name, String descriptor, boolean ownerIsInterface) {
    public MethodRef {
        if (owner.indexOf('.') >= 0 || !descriptor.startsWith("(")) {
            throw new IllegalStateException("have " + owner + "." + name + descriptor + ", want an internal name and a descriptor");
        }
    }

    @Override
    public String toString() {
        return owner + "." + name + descriptor;
    }
}
