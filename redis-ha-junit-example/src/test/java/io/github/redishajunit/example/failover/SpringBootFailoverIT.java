package io.github.redishajunit.example.failover;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.drills.Workload;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot service ({@link Orders}, writing through Spring Data Redis on Lettuce) configured for Sentinel as in
 * production ({@code spring.data.redis.sentinel.*}), across a failover: the drills' load is the service's own method.
 * What the test adds to the application: the Sentinels' names as properties, and one customizer bean that installs
 * the address map in Lettuce's client resources. Shares the run's Sentinel stack with the other failover tests.
 */
@SpringBootTest(classes = SpringBootFailoverIT.OrdersApplication.class)
@Import(SpringBootFailoverIT.AddressMapConfiguration.class)
class SpringBootFailoverIT extends FailoverDrills {

    @RedisHACluster(sentinel = true, scope = StackScope.RUN)
    static HACluster redis;

    @DynamicPropertySource
    static void sentinels(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.sentinel.master", () -> RedisHACluster.SENTINEL_MASTER_SET);
        properties.add("spring.data.redis.sentinel.nodes", () -> redis.addresses().sentinels().stream()
                .map(sentinel -> sentinel.host() + ":" + sentinel.port()).collect(Collectors.joining(",")));
        properties.add("spring.data.redis.timeout", () -> "2s");
    }

    @Autowired
    Orders orders;

    @Override
    HACluster redis() {
        return redis;
    }

    @Override
    Workload workload() {
        return orders::place;
    }

    /** The application: one service that stores orders. */
    @SpringBootApplication
    static class OrdersApplication {}

    /** The service under test, as an application would write it. */
    @Service
    static class Orders {

        private final StringRedisTemplate redis;

        Orders(StringRedisTemplate redis) {
            this.redis = redis;
        }

        void place(String id, String order) {
            redis.opsForValue().set(id, order);
        }
    }

    /** What the test adds: the addresses the Sentinels hand out, reached from the test JVM. */
    @TestConfiguration
    static class AddressMapConfiguration {

        @Bean
        ClientResourcesBuilderCustomizer addressMap() {
            return resources -> resources.socketAddressResolver(redis.addresses().lettuceResolver());
        }
    }
}
