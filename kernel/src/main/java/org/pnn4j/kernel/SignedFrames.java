package org.pnn4j.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * One ZeroMQ multipart message of the Jupyter wire protocol, checked before it is parsed: the routing identities, the
 * {@code <IDS|MSG>} delimiter, the HMAC signature, then header, parent header, metadata, content and buffers.
 *
 * <p>jjava 1.0-a6 reads frames one at a time until it meets the delimiter, across message boundaries: a junk frame from
 * any local process (one frame, no delimiter) became an identity of the next legitimate request, whose reply was then
 * routed to the junk's sender (the request was lost to its client). Here a multipart message is read whole and judged
 * on its own; and the signature is compared in constant time ({@link MessageDigest#isEqual}), where jjava used
 * {@code String.equals}.
 */
final class SignedFrames {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    // as jjava's JupyterSocket reads messages (its Gson is private)
    private static final Gson REPLY_GSON = new GsonBuilder()
            .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
            .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
            .create();
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(REPLY_GSON))
            .create();
    private static final Type MAP = new TypeToken<Map<String, Object>>() {}.getType();

    private SignedFrames() {}

    /** A message that is not a valid, correctly signed Jupyter message; the message says what is wrong. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    /**
     * Checks and parses one multipart message.
     *
     * @param frames all frames of one ZeroMQ message, in order
     * @param hmac   the connection's signer ({@link HMACGenerator#NO_AUTH_INSTANCE} when the key is empty)
     * @return the message, with its routing identities
     * @throws Rejected when the delimiter or one of the five frames after it is missing, the signature does not match,
     *                  or the header or content is not the JSON a Jupyter message has
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Message<?> parse(List<byte[]> frames, HMACGenerator hmac) throws Rejected {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                d = i;
                break;
            }
        }
        if (d < 0) throw new Rejected("no <IDS|MSG> delimiter in " + frames.size() + " frame(s)");
        if (frames.size() < d + 6) {
            throw new Rejected((frames.size() - d - 1) + " frame(s) after the delimiter, a message has at least 5 "
                    + "(signature, header, parent header, metadata, content)");
        }
        byte[] signature = frames.get(d + 1);
        byte[] header = frames.get(d + 2), parent = frames.get(d + 3), metadata = frames.get(d + 4), content = frames.get(d + 5);
        String expected = hmac.calculateSignature(header, parent, metadata, content);
        if (expected != null && !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new Rejected("bad signature");
        }
        try {
            Header<?> h = GSON.fromJson(new String(header, StandardCharsets.UTF_8), Header.class);
            if (h == null || h.getType() == null) throw new Rejected("no message type in the header");
            Header<?> parentHeader = null;
            JsonElement p = JsonParser.parseString(new String(parent, StandardCharsets.UTF_8));
            if (p.isJsonObject() && !p.getAsJsonObject().isEmpty()) parentHeader = GSON.fromJson(p, Header.class);
            Map<String, Object> meta = GSON.fromJson(new String(metadata, StandardCharsets.UTF_8), MAP);
            Object body = GSON.fromJson(new String(content, StandardCharsets.UTF_8), h.getType().getContentType());
            if (body instanceof ErrorReply) {
                h = new Header<>(h.getId(), h.getUsername(), h.getSessionId(), h.getTimestamp(), h.getType().error(), h.getVersion());
            }
            List<byte[]> identities = new ArrayList<>(frames.subList(0, d));
            List<byte[]> blobs = new ArrayList<>(frames.subList(d + 6, frames.size()));
            return new Message(identities, h, parentHeader, meta, body, blobs);
        } catch (JsonParseException | IllegalStateException | ClassCastException | NullPointerException e) {
            throw new Rejected("not a Jupyter message (" + e.getMessage() + ")");
        }
    }
}
