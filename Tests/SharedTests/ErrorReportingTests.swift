import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceKit
import TestSupport
import Testing

/// Unexpected errors go to a Sentry-compatible endpoint as envelopes, scrubbed (issue 19).
@Suite("error reporting", .serialized)
struct ErrorReportingTests {
    /// A local endpoint speaking Sentry's envelope protocol: it keeps what it receives.
    actor Receiver {
        var envelopes: [(auth: String, body: String)] = []
        func add(_ auth: String, _ body: String) { envelopes.append((auth, body)) }

        nonisolated func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.post("/sentry/api/42/envelope/") { request, _ -> HTTPResponse.Status in
                let body = try await request.body.collect(upTo: 1 << 20)
                await self.add(request.headers[HTTPField.Name("X-Sentry-Auth")!] ?? "", String(buffer: body))
                return .ok
            }
            return router
        }
    }

    @Test("a DSN names its envelope endpoint and key; anything else is refused")
    func dsn() throws {
        let dsn = try #require(SentryDSN("https://abc123@errors.example.com/sentry/42"))
        #expect(dsn.envelopeURL == "https://errors.example.com/sentry/api/42/envelope/")
        #expect(dsn.authHeader.contains("sentry_key=abc123"))
        #expect(SentryDSN("http://k@127.0.0.1:9000/7")?.envelopeURL == "http://127.0.0.1:9000/api/7/envelope/")
        for bad in ["", "not a url", "https://errors.example.com/42", "https://k@errors.example.com/", "ftp://k@h/1"] {
            #expect(SentryDSN(bad) == nil, "\(bad)")
        }
    }

    @Test("tokens, passwords, card numbers and e-mail addresses never leave")
    func scrubbing() {
        let text = """
            Authorization: Bearer abc.def-123 jwt eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl \
            {"password":"hunter2","newPassword": "s3cret"} token=xyz&x=1 card 4242 4242 4242 4242 \
            or 5555-5555-5555-4444 from ada@example.com, booking 12345
            """
        let clean = Scrubber.scrub(text)
        for secret in ["abc.def-123", "eyJhbGci", "hunter2", "s3cret", "xyz", "4242 4242", "5555-5555", "ada@example"] {
            #expect(!clean.contains(secret), "\(secret) in \(clean)")
        }
        #expect(clean.contains("booking 12345"))
        #expect(clean.contains("[card]") && clean.contains("[email]") && clean.contains("[redacted]"))
    }

    @Test("a 500 is reported as an envelope with release, environment, service and request id, scrubbed")
    func fiveHundredIsReported() async throws {
        let receiver = Receiver()
        let (port, task) = try await launch(receiver.router())
        defer { task.cancel() }
        let reporter = ErrorReporter.shared
        reporter.configure(
            ErrorReportingConfig(
                dsn: SentryDSN("http://pubkey@127.0.0.1:\(port)/sentry/42"), environment: "test"),
            service: "tests")
        defer { reporter.configure(ErrorReportingConfig(dsn: nil), service: "tests") }

        struct Leak: Error, CustomStringConvertible {
            var description: String { "failed for ada@example.com with card 4111111111111111" }
        }
        let router = ServiceRouter.make(openAPI: OpenAPIDocument(json: #"{"openapi":"3.1.0","paths":{}}"#))
        router.get("/leak") { _, _ -> String in throw Leak() }
        try await Application(router: router).test(.router) { client in
            let reply = try await client.execute(uri: "/leak", method: .get, headers: [.requestID: "req-500-test"])
            #expect(reply.status == .internalServerError)
        }
        await reporter.flush()
        let envelopes = await receiver.envelopes
        let ours = try #require(envelopes.first { $0.body.contains("req-500-test") })
        #expect(ours.auth.contains("sentry_key=pubkey"))
        let lines = ours.body.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let item = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(item?["type"] as? String == "event")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        #expect(event["release"] as? String == "homestudio@\(BuildInfo.version)")
        #expect(event["environment"] as? String == "test")
        let tags = event["tags"] as? [String: String]
        #expect(tags?["service"] == "tests")
        #expect(tags?["request_id"] == "req-500-test")
        #expect(tags?["http.route"] == "/leak")
        #expect(!ours.body.contains("ada@example.com") && !ours.body.contains("4111111111111111"))
        #expect(ours.body.contains("Leak"))
    }

    @Test("reporting is off without a DSN, and a sample rate of 0 sends nothing")
    func offAndSampled() async throws {
        let receiver = Receiver()
        let (port, task) = try await launch(receiver.router())
        defer { task.cancel() }
        let reporter = ErrorReporter.shared
        reporter.configure(
            ErrorReportingConfig(dsn: SentryDSN("http://k@127.0.0.1:\(port)/sentry/42"), sampleRate: 0),
            service: "tests")
        reporter.report(ErrorReporter.Report(message: "sampled out", errorType: "T"))
        reporter.configure(ErrorReportingConfig(dsn: nil), service: "tests")
        reporter.report(ErrorReporter.Report(message: "off", errorType: "T"))
        #expect(!reporter.isEnabled)
        await reporter.flush()
        #expect(await receiver.envelopes.isEmpty)
    }

    @Test("a service that stops on an error (a failed start-up) reports it before the error ends the process")
    func lifecycleFailureIsReported() async throws {
        let receiver = Receiver()
        let (port, task) = try await launch(receiver.router())
        defer { task.cancel() }
        defer { ErrorReporter.shared.configure(ErrorReportingConfig(dsn: nil), service: "tests") }
        let reader = ConfigReaderFactory.make(["sentry.dsn": "http://k@127.0.0.1:\(port)/sentry/42"])
        struct DatabaseDown: Error {}
        await #expect(throws: DatabaseDown.self) {
            try await ErrorReporter.reportingFailure(of: "scheduling", reader: reader) { throw DatabaseDown() }
        }
        let bodies = await receiver.envelopes.map(\.body)
        #expect(bodies.contains { $0.contains("DatabaseDown") && $0.contains(#""phase":"lifecycle""#) })
    }
}
