package io.steward.spring.boot.cache;

import io.steward.client.cache.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java serialization of any {@link java.io.Serializable} value: what {@code @Cacheable} methods
 * return is not known in advance, and this is the default of Spring's own Redis cache too. Values are
 * read back with the class loader of the application.
 *
 * <p>Deserializing bytes from Redis trusts whoever can write to the cache's keys; the ACL user of the
 * application should be the only one; {@code steward.cache.caches.<name>.codec: json} reads one class only.
 */
final class SerializedValueCodec implements ValueCodec<Object> {

    private final ClassLoader classLoader;

    SerializedValueCodec(ClassLoader classLoader) {
        this.classLoader = classLoader;
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
            return in.readObject();
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
