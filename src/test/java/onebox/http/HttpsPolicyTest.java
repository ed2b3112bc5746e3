package onebox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import onebox.testing.TestCertificates;
import org.junit.jupiter.api.Test;

class HttpsPolicyTest {

    @Test
    void answersCertificatePendingUntilTheCertificateExistsWithHstsThroughout() throws Exception {
        var ready = new AtomicBoolean();
        var routes = HttpsPolicy.hsts(HttpsPolicy.untilCertificate(ready::get,
                exchange -> exchange.getResponseSender().send("served")));
        try (var server = PublicServer.start(TestServer.config(), TestCertificates.loopback().serverContext(), routes,
                handler -> handler, token -> Optional.empty())) {
            HttpClient client = TestServer.client(HttpClient.Version.HTTP_2);
            var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + "/api/products")).build();

            HttpResponse<String> pending = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, pending.statusCode());
            assertEquals(Optional.of("application/problem+json"), pending.headers().firstValue("Content-Type"));
            assertEquals(Optional.of("10"), pending.headers().firstValue("Retry-After"));
            assertEquals(Optional.of("max-age=31536000"), pending.headers().firstValue("Strict-Transport-Security"));
            assertEquals(TestServer.problem(503, "Service Unavailable", "certificate pending: onebox is still obtaining"
                    + " its certificate over ACME; try again shortly", "/api/products"), pending.body());

            ready.set(true);
            HttpResponse<String> served = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, served.statusCode());
            assertEquals("served", served.body());
            assertEquals(Optional.of("max-age=31536000"), served.headers().firstValue("Strict-Transport-Security"));
        }
    }
}
