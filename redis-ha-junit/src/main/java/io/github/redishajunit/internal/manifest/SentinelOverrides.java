package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.github.redishajunit.RedisHACluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A Sentinel beside each Redis server, so that the stack fails over: every data pod gets a {@code sentinel} container
 * (port 26379) monitoring master set {@value RedisHACluster#SENTINEL_MASTER_SET} with a majority quorum, and a
 * Service {@value #SERVICE} routes to the Ready ones. Roles follow the Sentinels, not the StatefulSets: a server
 * that starts, and a Sentinel, first ask the Sentinels which server is the master and follow it; only when none
 * answers (the first start, a cold start) do they fall back to the manifest's roles. Every server announces its
 * pod's name under the headless Service ({@code replica-announce-ip}), as the Sentinels announce theirs, so that the
 * names Sentinel hands out survive a pod's restart.
 */
@API(status = API.Status.INTERNAL)
public final class SentinelOverrides {

    /** The Service every Sentinel is reached through. */
    public static final String SERVICE = "redis-sentinel";

    static final String CONTAINER = "sentinel";
    static final int PORT = 26379;
    private static final String CONF_VOLUME = "sentinel-conf";
    private static final String CONF_DIR = "/sentinel";

    private SentinelOverrides() {}

    /** {@code manifest} with a Sentinel beside each server and the {@value #SERVICE} Service. */
    public static RedisManifest withSentinels(RedisManifest manifest) {
        String headless = manifest.master().getSpec().getServiceName();
        Service governing = manifest.items().stream()
                .filter(item -> item instanceof Service && item.getMetadata().getName().equals(headless))
                .map(Service.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("manifest " + manifest.location() + " has no Service "
                        + headless));
        int servers = 1 + manifest.replicaCount();
        List<String> pods = new ArrayList<>();
        pods.add(manifest.masterPodName());
        pods.addAll(manifest.replicaPodNames());
        Names names = new Names(headless, manifest.masterPodName() + "." + headless, servers / 2 + 1,
                String.join(" ", pods));
        List<HasMetadata> result = new ArrayList<>();
        for (HasMetadata item : manifest.items()) {
            if (item instanceof StatefulSet sts && (sts == manifest.master() || sts == manifest.replicas())) {
                result.add(withSentinel(sts, names, sts == manifest.master()));
            } else {
                result.add(item);
            }
        }
        // selecting what the headless Service selects, labelled as it is (the run's labels too)
        result.add(service(governing.getSpec().getSelector(), governing.getMetadata().getLabels()));
        return manifest.withItems(result);
    }

    /** What the scripts need: the headless Service, the manifest's master, the quorum, every data pod's name. */
    private record Names(String headless, String defaultMaster, int quorum, String pods) {}

    /**
     * A shell function printing the master the other pods' Sentinels name, asked one by one by pod name (not through
     * the Service, whose endpoints may still hold this pod's former address) in up to three rounds 0.5 s apart;
     * nothing when none answers (no Sentinel runs yet: the first start, a cold start).
     */
    private static String askSentinels(Names names) {
        return """
                ask_sentinels() {
                  for round in 1 2 3; do
                    for pod in %1$s; do
                      [ "$pod" = "$POD_NAME" ] && continue
                      answer="$(timeout 2 redis-cli -h "$pod.%2$s" -p %3$d sentinel get-master-addr-by-name %4$s \
                        2>/dev/null | head -n 1)"
                      case "$answer" in *" "*|"") ;; *) echo "$answer"; return ;; esac
                    done
                    [ $round -lt 3 ] && sleep 0.5
                  done
                }
                """.formatted(names.pods(), names.headless(), PORT, RedisHACluster.SENTINEL_MASTER_SET);
    }

    private static StatefulSet withSentinel(StatefulSet sts, Names names, boolean master) {
        Container redis = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        ContainerBuilder server = new ContainerBuilder(redis);
        if (redis.getEnv() == null || redis.getEnv().stream().map(EnvVar::getName).noneMatch("POD_NAME"::equals)) {
            server.addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef("v1", "metadata.name")
                    .endValueFrom().endEnv();
        }
        if (master) {
            // it may become a replica: it announces its name, as the replicas do
            server.addToArgs("--replica-announce-ip", "$(POD_NAME)." + names.headless());
        }
        // after the boot lines: the replicas' wait for their master, or the image's own start
        String rest = redis.getCommand() != null && redis.getCommand().size() >= 3 && "-c".equals(redis.getCommand()
                .get(1)) ? redis.getCommand().get(2) : "exec docker-entrypoint.sh \"$@\"\n";
        server.withCommand("sh", "-c", boot(names) + rest, "boot");
        Container sentinel = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(redis.getImage())
                .withImagePullPolicy(redis.getImagePullPolicy())
                .withCommand("sh", "-c", sentinelScript(names), CONTAINER)
                .withArgs(sentinelArgs(redis.getArgs()))
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef("v1", "metadata.name")
                        .endValueFrom().endEnv()
                .addNewPort().withName("redis-sentinel").withContainerPort(PORT).endPort()
                .withNewReadinessProbe().withNewExec().withCommand("sh", "-c", "redis-cli -p " + PORT
                        + " ping | grep -q PONG").endExec().withPeriodSeconds(2).withTimeoutSeconds(2)
                        .withFailureThreshold(3).endReadinessProbe()
                .withNewResources().addToRequests("cpu", new Quantity("10m"))
                        .addToRequests("memory", new Quantity("16Mi")).addToLimits("memory", new Quantity("64Mi"))
                        .endResources()
                .withSecurityContext(redis.getSecurityContext())
                .addNewVolumeMount().withName(CONF_VOLUME).withMountPath(CONF_DIR).endVolumeMount()
                .build();
        List<Container> containers = new ArrayList<>(sts.getSpec().getTemplate().getSpec().getContainers());
        containers.set(0, server.build());
        containers.add(sentinel);
        return new StatefulSetBuilder(sts).editSpec().editTemplate().editSpec().withContainers(containers)
                .addNewVolume().withName(CONF_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    /**
     * The Sentinel runs as the server's image runs Redis, in sentinel mode on its port: {@code redis-server} (or
     * {@code valkey-server}) with the config file the script writes, so that what edits a server's arguments (AUTH,
     * TLS) edits the Sentinel's too.
     */
    private static List<String> sentinelArgs(List<String> serverArgs) {
        String program = Optional.ofNullable(serverArgs).filter(args -> !args.isEmpty()).map(args -> args.get(0))
                .filter(ManifestOverrides.SERVERS::contains).orElse("redis-server");
        return List.of(program, CONF_DIR + "/sentinel.conf", "--sentinel", "--port", String.valueOf(PORT));
    }

    /**
     * The lines a server runs first: it asks the other pods' Sentinels which server is the master (by pod name: the
     * Service's endpoints may still hold this pod's former address, and a question lost there read as "no Sentinel
     * yet", so that a deleted master came back as master beside the one the Sentinels then elected). Named, another server is followed. Named itself, the server is a master restarting
     * (its pod deleted or its process gone): it waits (30 s at most) for the Sentinels to fail over to a replica,
     * since serving writes first would take writes they then discard when they demote it (the drills measured 375 of
     * them lost, acknowledged to the application, while the Sentinels still reached the pod's old address); still
     * named after that, it is the master. Unanswered (the first start, a cold start), it takes the manifest's role.
     */
    private static String boot(Names names) {
        return askSentinels(names) + """
                trap 'exit 143' TERM
                me="$POD_NAME.%1$s"
                named="$(ask_sentinels)"
                if [ "$named" = "$me" ]; then
                  echo "the Sentinels name this server the master: waiting for them to fail over to a replica"
                  tries=0
                  while [ "$named" = "$me" ] && [ $tries -lt 60 ]; do
                    sleep 0.5; tries=$((tries + 1)); named="$(ask_sentinels)"
                  done
                  if [ "$named" = "$me" ] || [ -z "$named" ]; then
                    echo "the Sentinels still name this server the master"
                    exec docker-entrypoint.sh "$@" --replicaof no one
                  fi
                fi
                if [ -n "$named" ]; then
                  echo "the Sentinels name the master $named: starting as its replica"
                  MASTER_HOST="$named"
                  set -- "$@" --replicaof "$named" 6379
                fi
                """.formatted(names.headless());
    }

    /**
     * The Sentinel's start: the master the other Sentinels name, else the manifest's; a config file naming it,
     * announcing this pod's name, with the password when the servers have one; then the Sentinel.
     */
    private static String sentinelScript(Names names) {
        return askSentinels(names) + """
                trap 'exit 143' TERM
                me="$POD_NAME.%1$s"
                named="$(ask_sentinels)"
                master="${named:-%5$s}"
                # Sentinel resolves the master's name when it starts: wait (30 s at most) until it answers
                tries=0
                until [ -n "$(timeout 2 redis-cli -h "$master" -p 6379 ping 2>/dev/null)" ] || [ $tries -ge 60 ]; do
                  tries=$((tries + 1)); sleep 0.5
                done
                {
                  echo "sentinel resolve-hostnames yes"
                  echo "sentinel announce-hostnames yes"
                  echo "sentinel announce-ip $me"
                  echo "sentinel monitor %4$s $master 6379 %6$d"
                  echo "sentinel down-after-milliseconds %4$s 5000"
                  echo "sentinel failover-timeout %4$s 20000"
                  echo "sentinel parallel-syncs %4$s 1"
                  if [ -n "$REDIS_PASSWORD" ]; then
                    echo "sentinel auth-pass %4$s $REDIS_PASSWORD"
                    echo "sentinel sentinel-pass $REDIS_PASSWORD"
                  fi
                } > %7$s/sentinel.conf
                exec "$@"
                """.formatted(names.headless(), SERVICE, PORT, RedisHACluster.SENTINEL_MASTER_SET,
                names.defaultMaster(), names.quorum(), CONF_DIR);
    }

    private static Service service(Map<String, String> selector, Map<String, String> labels) {
        return new ServiceBuilder().withNewMetadata().withName(SERVICE).withLabels(labels).endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withName("redis-sentinel").withPort(PORT)
                        .withNewTargetPort("redis-sentinel").endPort().endSpec()
                .build();
    }
}
