package io.steward.spring.boot.cache;

import io.steward.ConfigException;
import io.steward.client.cache.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java serialization of any {@link java.io.Serializable} value: what {@code @Cacheable} methods
 * return is not known in advance, and this is the default of Spring's own Redis cache too. Values are
 * read back with the class loader of the application.
 *
 * <p>Deserializing bytes from Redis trusts whoever can write to the cache's keys; the ACL user of the
 * application should be the only one. Every read goes through an {@link ObjectInputFilter}: the
 * {@link #LIMITS} bound the object graph always (a crafted value cannot exhaust the heap or the stack), and
 * {@code steward.cache.java-allow-list} names the only classes a value may contain;
 * {@code steward.cache.caches.<name>.codec: json} reads one class only.
 */
final class SerializedValueCodec implements ValueCodec<Object> {

    /** The graph limits of every read, in {@link ObjectInputFilter.Config#createFilter} syntax. */
    static final String LIMITS = "maxdepth=64;maxrefs=1000000;maxarray=16777216;maxbytes=536870912";

    static final String ALLOW_LIST_PROPERTY = "steward.cache.java-allow-list";

    private final ClassLoader classLoader;
    private final ObjectInputFilter filter;

    /**
     * @param allowList classes a value may contain, in {@link ObjectInputFilter.Config#createFilter} pattern syntax
     *                  ({@code com.example.**;java.util.*}); any other class is rejected. {@code null}: any class
     *                  (within the limits and the JVM-wide {@code jdk.serialFilter})
     * @throws ConfigException naming {@value #ALLOW_LIST_PROPERTY} when the pattern is malformed
     */
    SerializedValueCodec(ClassLoader classLoader, String allowList) {
        this.classLoader = classLoader;
        this.filter = filter(allowList);
    }

    private static ObjectInputFilter filter(String allowList) {
        String pattern = allowList == null || allowList.isBlank() ? LIMITS : LIMITS + ";" + allowList.strip() + ";!*";
        ObjectInputFilter own;
        try {
            own = ObjectInputFilter.Config.createFilter(pattern);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ALLOW_LIST_PROPERTY, "is not an ObjectInputFilter pattern: " + e.getMessage());
        }
        ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
        if (jvmWide == null) {
            return own;
        }
        // Setting a filter on a stream replaces the JVM-wide one; keep its word on what ours leaves open.
        return info -> {
            ObjectInputFilter.Status status = own.checkInput(info);
            return status == ObjectInputFilter.Status.UNDECIDED ? jvmWide.checkInput(info) : status;
        };
    }

    @Override
    public byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(
                    "cannot cache a " + value.getClass().getName() + ": it is not Serializable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) {
        try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new IllegalStateException(
                    "cached value refused by the deserialization filter (limits " + LIMITS + ", " + ALLOW_LIST_PROPERTY
                            + "): " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cached value of a class this application lacks: " + e.getMessage(), e);
        }
    }

    private static final class ClassLoaderObjectInputStream extends ObjectInputStream {

        private final ClassLoader classLoader;

        ClassLoaderObjectInputStream(ByteArrayInputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
