package io.undertow.protocols.http2;

import java.io.IOException;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;

/**
 * The first half of HTTP/2's graceful shutdown (RFC 9113, 6.8): a GOAWAY whose last stream
 * id is 2^31-1, which tells the client to open no new stream here while every stream it
 * has already sent is still served. Undertow only sends the final GOAWAY, naming the last
 * stream it has read, so a stream the client sent just before would be refused; its GOAWAY
 * frame class is package-private, hence this class in Undertow's package. Run on the
 * connection's IO thread; {@link Http2Channel#sendGoAway(int)} follows a round trip later,
 * once those streams are done (onebox.http.ConnectionRetirement).
 */
public final class GoAwayAnnouncement {

    private GoAwayAnnouncement() {}

    public static void send(Http2Channel channel) {
        var announcement = new Announcement(channel);
        try {
            announcement.shutdownWrites();
            if (!announcement.flush()) {
                announcement.getWriteSetter().set(ChannelListeners.flushingChannelListener(null, null));
                announcement.resumeWrites();
            }
        } catch (IOException e) {
            IoUtils.safeClose(announcement);
        }
    }

    private static final class Announcement extends Http2GoAwayStreamSinkChannel {
        Announcement(Http2Channel channel) {
            super(channel, Http2Channel.ERROR_NO_ERROR, Integer.MAX_VALUE);
        }

        /** Not the last frame: responses to the streams in flight still follow it. */
        @Override
        protected boolean isLastFrame() {
            return false;
        }
    }
}
