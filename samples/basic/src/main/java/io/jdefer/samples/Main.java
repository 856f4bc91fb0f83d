package io.jdefer.samples;

import java.util.List;
import java.util.Map;

/** Runs the sample: {@code java -cp samples/basic/target/classes:<jdefer jars> io.jdefer.samples.Main}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Accounts accounts = new Accounts(Map.of("alice", 100L, "bob", 20L));
        System.out.println("transfer 30 -> alice has " + accounts.transfer("alice", "bob", 30));
        System.out.println("safeTransfer 500 -> " + accounts.safeTransfer("bob", "alice", 500));
        System.out.println("audited " + accounts.auditAll(List.of("alice", "bob")));
        System.out.println("journal " + accounts.journal);
    }
}
