package io.steward.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of byte chunks from one thread to another: the transfer thread writes what
 * it receives, a parser thread reads it. Unlike {@link java.io.PipedInputStream} it copies whole
 * chunks and has no one-second polling. Closing the reading side makes further writes fail at
 * once, so a parser that stops early never blocks the writer.
 */
final class ChunkPipe {

    private static final byte[] END = new byte[0];
    private static final long POLL_MILLIS = 200;

    private final BlockingQueue<byte[]> chunks;
    private volatile boolean readerClosed;

    ChunkPipe(int capacityChunks) {
        this.chunks = new ArrayBlockingQueue<>(capacityChunks);
    }

    OutputStream writer() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    put(Arrays.copyOfRange(b, off, off + len));
                }
            }

            @Override
            public void close() throws IOException {
                put(END);
            }
        };
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (readerClosed) {
                    throw new IOException("the reading side of the pipe stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing over bytes");
        }
    }

    InputStream reader() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        current = chunks.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for bytes");
                    }
                    position = 0;
                    ended = current == END;
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
                readerClosed = true;
                chunks.clear();
            }
        };
    }
}
