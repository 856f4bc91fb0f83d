package io.jdefer.plan;

/** What a site registers, and when its action runs (SPEC S2, S3, S9). */
public enum SiteKind {
    /** {@code defer(a)}: always runs. */
    DEFER("defer"),
    /** {@code deferOnError(a)}: runs only if an exception is pending at its turn. */
    ON_ERROR("deferOnError"),
    /** {@code deferOnSuccess(a)}: runs only if no exception is pending at its turn. */
    ON_SUCCESS("deferOnSuccess"),
    /** {@code @Defer T x = e;}: calls a no-argument method of {@code x}, unless it is null. */
    DEFER_LOCAL("@Defer");

    private final String apiName;

    SiteKind(String apiName) {
        this.apiName = apiName;
    }

    /** The name a user writes: {@code defer}, {@code deferOnError}, ... */
    public String apiName() {
        return apiName;
    }

    /** The kind of the {@code io.jdefer.Defers} method with this name, or {@code null}. */
    public static SiteKind ofMethod(String name) {
        switch (name) {
            case "defer":
                return DEFER;
            case "deferOnError":
                return ON_ERROR;
            case "deferOnSuccess":
                return ON_SUCCESS;
            default:
                return null;
        }
    }
}
