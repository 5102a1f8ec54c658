package io.github.redishajunit.internal.credentials;

import io.github.redishajunit.RedisHACluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The TLS material the options name instead of what the pods' spec says: the CA from a Secret ({@code --tls-ca-secret
 * NAME[:KEY]}, key {@value #CA_KEY} by default) or a file of this machine ({@code --tls-ca-file}); the client
 * certificate and key from a Secret ({@code --tls-client-secret NAME}: {@value #CERT_KEY} and {@value #KEY_KEY} as
 * a {@code kubernetes.io/tls} Secret has them, else its one other {@code *.crt} and {@code *.key}) or files
 * ({@code --tls-client-cert-file} with {@code --tls-client-key-file}).
 *
 * @param caSecret {@code NAME[:KEY]}
 * @param clientSecret {@code NAME}
 * @param caFile a PEM file
 * @param clientCertFile a PEM file, given with {@code clientKeyFile}
 * @param clientKeyFile a PKCS#8 PEM file, given with {@code clientCertFile}
 */
@API(status = API.Status.INTERNAL)
public record GivenTls(Optional<String> caSecret, Optional<String> clientSecret, Optional<String> caFile,
        Optional<String> clientCertFile, Optional<String> clientKeyFile) {

    static final String CA_KEY = "ca.crt";
    static final String CERT_KEY = "tls.crt";
    static final String KEY_KEY = "tls.key";

    /** How to name the CA, for a message's fix. */
    static final String CA_OPTIONS = "--tls-ca-secret NAME[:KEY] (" + RedisHACluster.TLS_CA_SECRET_KEY
            + ") or --tls-ca-file PATH (" + RedisHACluster.TLS_CA_FILE_KEY + ")";
    /** How to name the client certificate, for a message's fix. */
    static final String CLIENT_OPTIONS = "--tls-client-secret NAME (" + RedisHACluster.TLS_CLIENT_SECRET_KEY
            + ": tls.crt and tls.key, else its one other *.crt and *.key) or --tls-client-cert-file PATH with --tls-client-key-file PATH ("
            + RedisHACluster.TLS_CLIENT_CERT_FILE_KEY + ", " + RedisHACluster.TLS_CLIENT_KEY_FILE_KEY + ")";

    public GivenTls {
        if (caSecret.isPresent() && caFile.isPresent()) {
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameters "
                    + RedisHACluster.TLS_CA_SECRET_KEY + " and " + RedisHACluster.TLS_CA_FILE_KEY + " both name the"
                    + " CA (fix: give one of them)");
        }
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                    + (clientCertFile.isPresent() ? RedisHACluster.TLS_CLIENT_CERT_FILE_KEY + " is set without "
                    + RedisHACluster.TLS_CLIENT_KEY_FILE_KEY : RedisHACluster.TLS_CLIENT_KEY_FILE_KEY
                    + " is set without " + RedisHACluster.TLS_CLIENT_CERT_FILE_KEY) + " (fix: give the client"
                    + " certificate and its key together)");
        }
        if (clientSecret.isPresent() && clientCertFile.isPresent()) {
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameters "
                    + RedisHACluster.TLS_CLIENT_SECRET_KEY + " and " + RedisHACluster.TLS_CLIENT_CERT_FILE_KEY
                    + " both name the client certificate (fix: give one of them)");
        }
    }

    public static GivenTls none() {
        return new GivenTls(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether an option names a CA. */
    boolean namesCa() {
        return caSecret.isPresent() || caFile.isPresent();
    }

    /** Whether an option names a client certificate. */
    boolean namesClient() {
        return clientSecret.isPresent() || clientCertFile.isPresent();
    }

    /** A PEM and where it was found. */
    record Pem(byte[] bytes, String source) {}

    /** A client certificate and its key. */
    record Client(Pem certificate, Pem key) {}

    /** The CA the options name, read now; empty when none is named. */
    Optional<Pem> ca(ApiValues api) {
        if (caFile.isPresent()) {
            return Optional.of(file(caFile.get(), RedisHACluster.TLS_CA_FILE_KEY));
        }
        return caSecret.map(ref -> {
            int colon = ref.indexOf(':');
            String name = colon < 0 ? ref : ref.substring(0, colon);
            String key = colon < 0 ? CA_KEY : ref.substring(colon + 1);
            return secretKey(api, name, key, RedisHACluster.TLS_CA_SECRET_KEY + " = \"" + ref + "\"");
        });
    }

    /** The client certificate and its key the options name, read now; empty when none is named. */
    Optional<Client> client(ApiValues api) {
        if (clientCertFile.isPresent()) {
            return Optional.of(new Client(file(clientCertFile.get(), RedisHACluster.TLS_CLIENT_CERT_FILE_KEY),
                    file(clientKeyFile.orElseThrow(), RedisHACluster.TLS_CLIENT_KEY_FILE_KEY)));
        }
        return clientSecret.map(name -> {
            String why = RedisHACluster.TLS_CLIENT_SECRET_KEY + " = \"" + name + "\"";
            Map<String, byte[]> data = api.keys(MountedFile.Kind.SECRET, name, why).orElse(Map.of());
            return new Client(secretKey(api, name, onlyOther(data, CERT_KEY, ".crt"), why),
                    secretKey(api, name, onlyOther(data, KEY_KEY, ".key"), why));
        });
    }

    /**
     * {@code standard} where the Secret has it, else its one key ending in {@code suffix} other than the CA's (a
     * chart's {@code server.crt}, {@code redis.key}).
     */
    private static String onlyOther(Map<String, byte[]> data, String standard, String suffix) {
        if (data.containsKey(standard)) {
            return standard;
        }
        List<String> others = data.keySet().stream().filter(k -> k.endsWith(suffix) && !k.equals(CA_KEY)).toList();
        return others.size() == 1 ? others.get(0) : standard;
    }

    private static Pem secretKey(ApiValues api, String name, String key, String why) {
        Map<String, byte[]> data = api.keys(MountedFile.Kind.SECRET, name, why).orElseThrow(() ->
                new ExtensionConfigurationException("@RedisHACluster cannot read the TLS material: Secret " + name
                        + " (named by " + why + ") does not exist in namespace " + api.namespace() + " (fix: create"
                        + " it, or name another)"));
        byte[] bytes = data.get(key);
        if (bytes == null) {
            throw new ExtensionConfigurationException("@RedisHACluster cannot read the TLS material: Secret " + name
                    + " in namespace " + api.namespace() + " (named by " + why + ") has no key " + key + " (its keys: "
                    + String.join(", ", data.keySet()) + "; fix: name the key as NAME:KEY where the option takes"
                    + " one, or store it under " + key + ")");
        }
        return new Pem(bytes.clone(), "Secret " + name + " key " + key);
    }

    private static Pem file(String path, String key) {
        Path file = Path.of(path);
        try {
            return new Pem(Files.readAllBytes(file), "file " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameter " + key + " = \""
                    + path + "\" is invalid: " + file.toAbsolutePath() + " cannot be read (" + e.getClass()
                    .getSimpleName() + "; fix: point it at a readable PEM file)");
        }
    }

    /** Never shows material: names only which options are set. */
    @Override
    public String toString() {
        return "GivenTls[ca=" + (namesCa() ? "named" : "none") + ", client=" + (namesClient() ? "named" : "none")
                + "]";
    }
}
