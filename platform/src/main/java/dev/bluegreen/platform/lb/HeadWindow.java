package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;

/**
 * The first bytes at a buffer's position, copied to look for the end of a head in them: reading a direct buffer byte
 * by byte costs a check per byte. Most heads end within the first kilobyte; only when one does not is more copied,
 * up to {@code max} bytes.
 *
 * @param bytes the copy
 * @param end where the head ends in it, as its finder says, or -1 when it does not end there
 */
record HeadWindow(byte[] bytes, int end) {

    private static final int FIRST_LOOK = 1024;

    /** Where a head ends in the bytes, or -1. */
    interface EndFinder {
        int endOf(byte[] bytes);
    }

    static HeadWindow of(ByteBuffer in, int max, EndFinder finder) {
        int available = in.remaining();
        byte[] bytes = new byte[Math.min(available, FIRST_LOOK)];
        in.get(in.position(), bytes);
        int end = finder.endOf(bytes);
        if (end < 0 && available > bytes.length) {
            bytes = new byte[Math.min(available, max)];
            in.get(in.position(), bytes);
            end = finder.endOf(bytes);
        }
        return new HeadWindow(bytes, end);
    }
}
