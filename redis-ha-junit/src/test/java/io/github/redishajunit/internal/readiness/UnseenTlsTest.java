package io.github.redishajunit.internal.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Telling a TLS port from a plaintext one and from a closed one by a handshake, on real local servers. */
@ExtendWith(LocalRedisExtension.class)
class UnseenTlsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalServer.class)
    void aTlsServerAnswersTheHandshakeAPlaintextOneAndAClosedPortDoNot(LocalServer server, LocalRedis redis,
            @TempDir Path dir) {
        Endpoint tls = redis.startTlsMaster(server, TestCertificates.make(dir, "kv-0")).endpoint();
        Endpoint plain = redis.startMaster(server).endpoint();

        assertThat(UnseenTls.speaksTls(tls)).as("client certificates required, none presented").isTrue();
        assertThat(UnseenTls.speaksTls(plain)).isFalse();
        assertThat(UnseenTls.speaksTls(new Endpoint("127.0.0.1", LocalRedis.freePort()))).isFalse();
    }
}
