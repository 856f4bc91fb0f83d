package io.jdefer.samples.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three handler builds behave alike (SPEC S2, S3, S5 in a real handler): every request's
 * buffer comes back, the route lock is released, a failing request is rolled back and answered
 * 500 by the recovering action, a successful one is committed and never rolled back.
 */
class GatewayTest {
    @ParameterizedTest
    @EnumSource(Gateway.Variant.class)
    void everyBuild_releasesEverything_andRollsBackOnlyFailures(Gateway.Variant variant) throws Exception {
        try (Gateway gateway = new Gateway(variant, 0, 2);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            int ok = 0;
            int failed = 0;
            for (int i = 0; i < 40; i++) {
                boolean fail = i % 4 == 3;
                String path = "/orders?item=" + i + "&qty=1" + (fail ? "&fail=1" : "");
                out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int status = LoadGen.readResponse(in);
                assertEquals(fail ? 500 : 200, status, path);
                if (fail) {
                    failed++;
                } else {
                    ok++;
                }
            }
            Services s = gateway.services;
            assertEquals(failed, s.failures.sum(), "failures answered by the recovering action");
            assertEquals(failed, s.store.rollbacks.sum(), "rollbacks: deferOnError ran exactly on failures");
            assertEquals(ok, s.store.commits.sum(), "commits");
            assertEquals(0, s.store.lateRollbacks.sum(), "no rollback after a commit");
            assertEquals(8, s.buffers.available(), "every buffer back in the pool");
            assertEquals(0, s.buffers.misses.sum(), "no buffer allocated outside the pool");
            assertFalse(s.routes.lock.isLocked(), "route lock released");
            assertEquals(40, s.routes.lookups, "one route look-up per request");
        }
    }
}
