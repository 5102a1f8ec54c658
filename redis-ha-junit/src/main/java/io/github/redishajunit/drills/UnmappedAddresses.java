package io.github.redishajunit.drills;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an application's failed write says about its client: the addresses of the stack's pods it names ({@code
 * host:port}, as clients print them, {@code host/<unresolved>:port} or {@code host/ip:port} too) that this JVM
 * reaches only through the {@link AddressMap}: a client configured without the map connects to them and fails.
 */
final class UnmappedAddresses {

    private static final Pattern ADDRESS = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9])(?:/(?:<unresolved>|[0-9a-fA-F.:]+))?:(\\d{1,5})\\b");

    private UnmappedAddresses() {}

    /**
     * What to add, when {@code error} names an address of the stack that {@code addresses} maps elsewhere; else
     * empty.
     */
    static String hint(AddressMap addresses, String error) {
        Set<String> named = new LinkedHashSet<>();
        Matcher matcher = ADDRESS.matcher(error == null ? "" : error);
        while (matcher.find()) {
            String host = matcher.group(1);
            int port = Integer.parseInt(matcher.group(2));
            Endpoint mapped = port > 65535 ? null : addresses.map(host, port);
            if (mapped != null && !(mapped.host().equals(host) && mapped.port() == port)) {
                named.add(host + ":" + port);
            }
        }
        if (named.isEmpty()) {
            return "";
        }
        return "; the application's client connects to " + String.join(", ", named) + ", an address the stack hands"
                + " out that this JVM reaches only through cluster.addresses(): install it in the client (Lettuce:"
                + " ClientResources.builder().socketAddressResolver(addresses.lettuceResolver()); Jedis: a"
                + " HostAndPortMapper on the master's and the Sentinels' client configurations; Redisson: a NatMapper;"
                + " Spring Boot: a ClientResourcesBuilderCustomizer bean setting that resolver)";
    }
}
