package io.github.redishajunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provisions a Redis master/replica stack on Kubernetes, waits until it replicates, and injects an {@link
 * HACluster} handle.
 *
 * <ul>
 *   <li>On a test class: one stack for the class, provisioned before {@code @BeforeAll} methods run and released
 *       after the class. Annotated fields and parameters of the class then receive that stack.
 *   <li>On a static field or a {@code @BeforeAll}/{@code @AfterAll} parameter: one stack per class.
 *   <li>On an instance field or a test, {@code @BeforeEach} or {@code @AfterEach} parameter: one stack per test
 *       (unless the class carries the annotation too, then the class's stack).
 * </ul>
 *
 * With {@code scope = RUN}, one stack serves every class of the test run that asks for the same settings (see
 * {@link StackScope#RUN}). Elements with the same resolved settings in the same scope share one stack. Only elements
 * carrying this annotation are injected; there is no injection by type alone. Fields and parameters must have type
 * {@link HACluster} (or {@link RedisTopology}); fields must not be final.
 *
 * <p>Every attribute's default is a placeholder meaning "use the JUnit configuration parameter (or system
 * property) named by the matching {@code *_KEY} constant, else the built-in default". An attribute set on a
 * field or parameter wins over one set on its class. So CI can change the image with {@code
 * -Dredis.ha.image=redis:7.2.6} without touching the tests.
 */
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RedisHAClusterExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public @interface RedisHACluster {

    /** Placeholder of the {@code int} attributes: "not set here". */
    int UNSET = Integer.MIN_VALUE;

    /** Configuration parameter for {@link #replicas()}; built-in default: the manifest's (2). */
    String REPLICAS_KEY = "redis.ha.replicas";
    /** Configuration parameter for {@link #image()}; built-in default: the manifest's ({@code redis:7.0.15}). */
    String IMAGE_KEY = "redis.ha.image";
    /** Configuration parameter for {@link #storageClass()}; built-in default: the manifest's ({@code local-path}). */
    String STORAGE_CLASS_KEY = "redis.ha.storageClass";
    /** Configuration parameter for {@link #storageSize()}; built-in default: the manifest's ({@code 8Gi}). */
    String STORAGE_SIZE_KEY = "redis.ha.storageSize";
    /** Configuration parameter for {@link #manifest()}; built-in default: {@link #DEFAULT_MANIFEST}. */
    String MANIFEST_KEY = "redis.ha.manifest";
    /** Configuration parameter for {@link #namespace()}; built-in default: a fresh ephemeral namespace. */
    String NAMESPACE_KEY = "redis.ha.namespace";
    /** Configuration parameter for {@link #startupTimeout()}; built-in default: {@code 3m}. */
    String STARTUP_TIMEOUT_KEY = "redis.ha.startupTimeout";
    /** Configuration parameter for {@link #cleanup()}; built-in default: {@link CleanupPolicy#ON_SUCCESS}. */
    String CLEANUP_KEY = "redis.ha.cleanup";
    /** Configuration parameter for {@link #provision()}; built-in default: {@code true}. */
    String PROVISION_KEY = "redis.ha.provision";
    /** Configuration parameter for {@link #nodePort()}; built-in default: see {@link #nodePort()}. */
    String NODE_PORT_KEY = "redis.ha.nodePort";
    /** Configuration parameter: the kubeconfig file to use instead of the standard resolution. */
    String KUBECONFIG_KEY = "redis.ha.kubeconfig";
    /** Configuration parameter: the kubeconfig context to use instead of the current one. */
    String CONTEXT_KEY = "redis.ha.context";
    /**
     * Configuration parameter: the image of the embedded K3s (used when no kubeconfig is found, or with
     * {@link #EMBEDDED_KEY}); any image with {@code rancher/k3s}'s interface; built-in default: a current
     * {@code rancher/k3s} release.
     */
    String K3S_IMAGE_KEY = "redis.ha.k3sImage";
    /**
     * Configuration parameter: {@code false} starts the embedded K3s without privileged mode (every capability but
     * {@code SYS_RESOURCE}, seccomp and AppArmor unconfined), for Docker hosts that refuse privileged containers;
     * built-in default: {@code true}.
     */
    String K3S_PRIVILEGED_KEY = "redis.ha.k3sPrivileged";
    /** Configuration parameter: {@code true} uses the embedded K3s even where a kubeconfig is found. */
    String EMBEDDED_KEY = "redis.ha.embedded";
    /** Configuration parameter: where evidence is written; built-in default: {@code target/redis-ha-reports}. */
    String REPORTS_DIR_KEY = "redis.ha.reportsDir";
    /** Configuration parameter for {@link #auth()}; built-in default: {@code false}. */
    String AUTH_KEY = "redis.ha.auth";
    /** Configuration parameter for {@link #tls()}; built-in default: {@code false}. */
    String TLS_KEY = "redis.ha.tls";
    /** Configuration parameter for {@link #sentinel()}; built-in default: {@code false}. */
    String SENTINEL_KEY = "redis.ha.sentinel";
    /**
     * Configuration parameter: a label selector ({@code kubectl -l} form) that narrows which pods of the namespace
     * are the stack's; built-in default: every pod that serves Redis.
     */
    String SELECTOR_KEY = "redis.ha.selector";
    /** Configuration parameter: the Secret holding the password, {@code NAME[:KEY]}; default: found from the pods. */
    String PASSWORD_SECRET_KEY = "redis.ha.passwordSecret";
    /** Configuration parameter: an environment variable of this JVM holding the password. */
    String PASSWORD_ENV_KEY = "redis.ha.passwordEnv";
    /**
     * Configuration parameter: the Secret holding the Sentinels' own password ({@code requirepass} in their
     * configuration), {@code NAME[:KEY]}; default: found from the pods, else none, else the data pods' password.
     */
    String SENTINEL_PASSWORD_SECRET_KEY = "redis.ha.sentinelPasswordSecret";
    /** Configuration parameter: an environment variable of this JVM holding the Sentinels' own password. */
    String SENTINEL_PASSWORD_ENV_KEY = "redis.ha.sentinelPasswordEnv";
    /**
     * Configuration parameter: the Secret holding the CA the servers' certificates chain to, {@code NAME[:KEY]} (key
     * {@code ca.crt} by default); default: found from the pods ({@code tls-ca-cert-file}, {@code REDIS_TLS_CA_FILE}).
     */
    String TLS_CA_SECRET_KEY = "redis.ha.tlsCaSecret";
    /** Configuration parameter: a PEM file of this machine holding the CA, instead of {@value #TLS_CA_SECRET_KEY}. */
    String TLS_CA_FILE_KEY = "redis.ha.tlsCaFile";
    /**
     * Configuration parameter: a {@code kubernetes.io/tls} Secret ({@code tls.crt}, {@code tls.key}) holding the
     * client certificate to present where the servers require one; default: the one the servers use themselves.
     */
    String TLS_CLIENT_SECRET_KEY = "redis.ha.tlsClientSecret";
    /** Configuration parameter: a PEM file holding the client certificate, with {@value #TLS_CLIENT_KEY_FILE_KEY}. */
    String TLS_CLIENT_CERT_FILE_KEY = "redis.ha.tlsClientCertFile";
    /** Configuration parameter: a PEM file holding the client certificate's key (PKCS#8, unencrypted). */
    String TLS_CLIENT_KEY_FILE_KEY = "redis.ha.tlsClientKeyFile";
    /** Configuration parameter: the ACL user to authenticate as; default: the {@code default} user. */
    String USER_KEY = "redis.ha.user";
    /** Configuration parameter: {@code HOST:PORT} of an external endpoint to check instead of the stack's own. */
    String EXTERNAL_KEY = "redis.ha.external";
    /** Configuration parameter: {@code true} turns the certification's warnings into failures. */
    String STRICT_KEY = "redis.ha.strict";
    /**
     * Configuration parameter: which drills {@code RedisHACertification} runs under write load after the read-only
     * steps: {@code true} for the default ones ({@code pod-delete}: the master's pod deleted, then a replica's), or
     * drill names separated by commas from {@code pod-delete}, {@code force-delete} (the master's pod deleted with
     * grace period 0), {@code restart-in-place} (the master's server restarted in its pod with {@code SHUTDOWN
     * NOSAVE}), {@code hung-master}, {@code cold-start}, {@code isolate-master}, {@code lag}, {@code sentinel-quorum},
     * {@code node-loss} and {@code all}; built-in default: {@code false}, nothing in the stack is disturbed.
     */
    String DRILLS_KEY = "redis.ha.drills";
    /**
     * Configuration parameter: the command the {@code node-loss} drill takes a node away and gives it back with, run
     * with {@code stop NODE} or {@code start NODE} appended (its words separated by blanks, nothing quoted or
     * expanded), e.g. {@code scripts/local-cluster node}; built-in default: none, and that drill is not applicable.
     */
    String NODE_OUTAGE_COMMAND_KEY = "redis.ha.nodeOutageCommand";
    /**
     * Configuration parameter: a file to write {@code RedisHACertification}'s result to as one JSON object (what
     * {@code scripts/certify --json FILE} writes, {@code docs/report-schema.md}); built-in default: none.
     */
    String REPORT_JSON_KEY = "redis.ha.reportJson";
    /**
     * Configuration parameter: a file to write {@code RedisHACertification}'s result to as one self-contained HTML
     * page (what {@code scripts/certify --html FILE} writes); built-in default: none.
     */
    String REPORT_HTML_KEY = "redis.ha.reportHtml";
    /** Configuration parameter for {@link #scope()}; built-in default: {@link StackScope#ELEMENT}. */
    String SCOPE_KEY = "redis.ha.scope";
    /**
     * Configuration parameter: how long a namespace the extension creates may live before a sweep deletes it, written
     * on it as an annotation ({@code 90s}, {@code 30m}, {@code 2h}); built-in default: {@code 2h}. It must be longer
     * than the longest run: a sweep (at the start of any run) deletes what outlived it.
     */
    String TTL_KEY = "redis.ha.ttl";
    /**
     * Configuration parameter: {@code false} keeps the extension from sweeping, at the start of the run, the
     * namespaces of this library whose TTL has passed; built-in default: {@code true}.
     */
    String SWEEP_KEY = "redis.ha.sweep";

    /** The manifest deployed unless {@link #manifest()} says otherwise: the project's {@code manifests/redis-ha-cluster.yaml}. */
    String DEFAULT_MANIFEST = "classpath:io/github/redishajunit/manifests/redis-ha-cluster.yaml";

    /** Number of replica pods (the replica StatefulSet's {@code replicas}); {@code >= 0}. */
    int replicas() default UNSET;

    /** Image of every container of the stack, init containers included, e.g. {@code redis:7.2.6}. */
    String image() default "";

    /** StorageClass of the data volumes; it must exist in the cluster. */
    String storageClass() default "";

    /** Size of each data volume, a Kubernetes quantity such as {@code 1Gi}. */
    String storageSize() default "";

    /** The manifest: {@code classpath:path/in/jar.yaml} or a file path. */
    String manifest() default "";

    /**
     * The namespace. Empty: a fresh namespace named after the test class, deleted afterwards (subject to {@link
     * #cleanup()}). Set: that namespace, created if missing; with {@code provision = false} it must exist.
     */
    String namespace() default "";

    /** How long the stack may take to replicate: ISO-8601 ({@code PT3M}) or {@code 90s}, {@code 3m}, {@code 1m30s}. */
    String startupTimeout() default "";

    /** What to delete afterwards. */
    CleanupPolicy cleanup() default CleanupPolicy.DEFAULT;

    /**
     * {@code false}: deploy nothing, attach to the stack already running in {@link #namespace()} and never delete
     * anything. The default {@code true} defers to {@value #PROVISION_KEY} (a boolean has no "unset" value).
     */
    boolean provision() default true;

    /**
     * The master's NodePort. {@code 0}: let Kubernetes allocate one. Unset: allocated in ephemeral namespaces (a
     * fixed port would collide between classes), the manifest's (30903) in a named namespace.
     */
    int nodePort() default UNSET;

    /**
     * {@code true}: provision with AUTH on: a Secret with a random password, {@code requirepass} and {@code
     * masterauth} from it; the injected handles authenticate. The default {@code false} defers to {@value
     * #AUTH_KEY}. Attach mode finds the password by itself (see {@value #PASSWORD_SECRET_KEY}).
     */
    boolean auth() default false;

    /**
     * {@code true}: provision with TLS only: a CA made for the namespace and a certificate naming every pod and
     * Service of the stack (and the nodes' addresses, for the NodePort), in Secret {@code redis-ha-junit-tls}
     * ({@code ca.crt}, {@code tls.crt}, {@code tls.key}); plaintext off, replication over TLS, client certificates
     * required. The injected handles speak TLS; {@code connectionSettings().tls()} gives the CA and the client
     * certificate ({@link TlsSettings#caPem()}, {@link TlsSettings#sslContext()}) to configure a client of your own
     * with. The default {@code false} defers to {@value #TLS_KEY}. Attach mode finds TLS by
     * itself (see {@value #TLS_CA_SECRET_KEY}).
     */
    boolean tls() default false;

    /**
     * {@code true}: provision the manifest with a Sentinel beside each Redis server (a {@code sentinel} container in
     * every data pod, monitoring master set {@value #SENTINEL_MASTER_SET} with quorum 2 and a Service {@code
     * redis-sentinel} on port 26379), so that the stack fails over: a server that starts, and a Sentinel, ask the
     * Sentinels for the master first and follow it. With {@link #auth()} the Sentinels require the password too; with
     * {@link #tls()} they speak TLS only. An application's own Sentinel-aware client reaches it through {@link
     * HACluster#addresses()}. The default {@code false} defers to {@value #SENTINEL_KEY}. Attach mode finds the
     * Sentinels a stack runs by itself.
     */
    boolean sentinel() default false;

    /** The master set the Sentinels of {@link #sentinel()} monitor. */
    String SENTINEL_MASTER_SET = "mymaster";

    /**
     * How long the stack lives: {@link StackScope#ELEMENT} (the element decides: class or test), or {@link
     * StackScope#RUN}: one stack for every class of the run with the same settings, for read-only tests.
     */
    StackScope scope() default StackScope.DEFAULT;
}
