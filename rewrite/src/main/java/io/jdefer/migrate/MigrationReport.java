package io.jdefer.migrate;

import org.openrewrite.Column;
import org.openrewrite.DataTable;
import org.openrewrite.Recipe;

/**
 * The recipes' report: one row per cleanup site seen, converted or refused with its reason.
 * rewrite-maven-plugin writes it with {@code -Drewrite.exportDatatables=true}
 * (target/rewrite/datatables/.../io.jdefer.migrate.MigrationReport.csv).
 */
public final class MigrationReport extends DataTable<MigrationReport.Row> {

    public MigrationReport(Recipe recipe) {
        super(recipe, "jdefer migration sites",
            "Every cleanup site the recipe looked at: converted, or refused with a named reason.");
    }

    /** One site. {@code outcome} is {@code converted} or {@code refused}; {@code reason} is a refusal id. */
    public record Row(
        @Column(displayName = "Source path", description = "The file holding the site.") String sourcePath,
        @Column(displayName = "Method", description = "Class and method of the site.") String method,
        @Column(displayName = "Form", description = "lock-finally, finally-calls, try-with-resources, catch-rethrow, defer, ...") String form,
        @Column(displayName = "Outcome", description = "converted or refused.") String outcome,
        @Column(displayName = "Reason", description = "For a refusal, its id (docs/migrate.md).") String reason) {}
}
