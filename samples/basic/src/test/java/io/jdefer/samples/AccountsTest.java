package io.jdefer.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample, built as a user builds it, behaves as SPEC section 3 says. */
class AccountsTest {
    private final Accounts accounts = new Accounts(Map.of("alice", 100L, "bob", 20L));

    @Test
    void transfer_commitsAndUnlocks() {
        assertEquals(70, accounts.transfer("alice", "bob", 30));
        assertEquals(50, accounts.balance("bob"));
        assertEquals(List.of("commit"), accounts.journal);
    }

    @Test
    void failedTransfer_rollsBackAndUnlocks() {
        assertThrows(IllegalStateException.class, () -> accounts.transfer("bob", "alice", 500));
        assertEquals(List.of("rollback"), accounts.journal);
        assertEquals(100, accounts.transfer("bob", "alice", 0) + 80, "the lock was released");
    }

    @Test
    void safeTransfer_recoversAndReturnsTheDefaultValue() {
        assertEquals(0, accounts.safeTransfer("bob", "alice", 500));
        assertEquals(List.of("rollback", "recovered: insufficient funds in bob"), accounts.journal);
    }

    @Test
    void auditsInALoop_closeInReverseOrder() {
        assertEquals(2, accounts.auditAll(List.of("a", "b")));
        assertEquals(List.of("open a", "open b", "audit done", "close b", "close a"), accounts.journal);
    }
}
