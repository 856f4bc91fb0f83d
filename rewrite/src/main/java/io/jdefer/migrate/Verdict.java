package io.jdefer.migrate;

import java.util.List;

/**
 * What {@link TryCheck} decided for one try statement: a refusal with its reason, or a conversion
 * with the registration statements (source text, in registration order) that replace the try's
 * cleanup, and whether the try itself stays (its catch clauses are kept, without the finally).
 */
record Verdict(Form form, Refusal refusal, List<String> registrations, boolean keepTry) {
    Verdict {
        if ((refusal == null) == registrations.isEmpty()) {
            throw new IllegalStateException("have refusal " + refusal + " and " + registrations.size()
                + " registrations, want exactly one of them");
        }
        registrations = List.copyOf(registrations);
    }

    static Verdict refuse(Form form, Refusal reason) {
        return new Verdict(form, reason, List.of(), false);
    }

    static Verdict convert(Form form, List<String> registrations, boolean keepTry) {
        return new Verdict(form, null, registrations, keepTry);
    }

    boolean refused() {
        return refusal != null;
    }
}
