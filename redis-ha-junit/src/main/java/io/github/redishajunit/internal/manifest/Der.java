package io.github.redishajunit.internal.manifest;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings an X.509 certificate is written with (ITU-T X.690): what {@link StackCertificates}
 * needs and nothing more. The JDK reads certificates but has no public API to write one; a provider that does
 * (Bouncy Castle) would put 8 MB on every user's classpath for one optional feature.
 */
final class Der {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Der() {}

    static byte[] sequence(byte[]... parts) {
        return tagged(0x30, parts);
    }

    static byte[] set(byte[]... parts) {
        return tagged(0x31, parts);
    }

    /** {@code [n] EXPLICIT}: the context-specific constructed tag {@code n} around {@code parts}. */
    static byte[] explicit(int n, byte[]... parts) {
        return tagged(0xa0 | n, parts);
    }

    /** {@code [n] IMPLICIT} of a primitive value: the context-specific tag {@code n} with {@code value}'s bytes. */
    static byte[] implicit(int n, byte[] value) {
        return tagged(0x80 | n, value);
    }

    static byte[] integer(BigInteger value) {
        return tagged(0x02, value.toByteArray());
    }

    static byte[] bool(boolean value) {
        return tagged(0x01, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    /** An object identifier in dotted form, such as {@code 2.5.29.17}. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        base128(body, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(body, Long.parseLong(arcs[i]));
        }
        return tagged(0x06, body.toByteArray());
    }

    static byte[] utf8(String text) {
        return tagged(0x0c, text.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime, second precision (valid through 2049, as RFC 5280 asks of dates before 2050). */
    static byte[] time(Instant instant) {
        return tagged(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    /** A BIT STRING of whole bytes. */
    static byte[] bits(byte[] bytes) {
        return bits(bytes, 0);
    }

    /** A BIT STRING whose last byte has {@code unused} trailing bits that are not part of it. */
    static byte[] bits(byte[] bytes, int unused) {
        byte[] body = new byte[bytes.length + 1];
        body[0] = (byte) unused;
        System.arraycopy(bytes, 0, body, 1, bytes.length);
        return tagged(0x03, body);
    }

    static byte[] octets(byte[] bytes) {
        return tagged(0x04, bytes);
    }

    private static byte[] tagged(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        int length = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? group : group | 0x80);
        }
    }
}
