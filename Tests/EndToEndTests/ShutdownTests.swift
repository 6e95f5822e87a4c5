import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every service stops within Kubernetes' grace period on SIGTERM: in-flight requests finish,
/// event streams close with a last event, consumers stop (unacked messages go back to the queue),
/// the outbox relay flushes, and the process exits 0 — in at most 5 s, open SSE clients included.
@Suite("Graceful shutdown", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct ShutdownTests {
    let fixtures = Fixtures()

    @Test(
        "each service exits 0 within 5 s of SIGTERM, closing its open event streams with a last event",
        arguments: ["scheduling", "notifications", "auth", "catalog", "payments", "gateway"])
    func exitsPromptly(_ service: String) async throws {
        let instance = try await ExtraInstance.start(service)
        var streams: [SSEReader] = []
        if service == "scheduling" {
            let admin = try await fixtures.admin()
            let film = try await fixtures.newFilm(admin)
            let (auditorium, _) = try await fixtures.newAuditorium(admin)
            let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
            streams.append(try await SSEReader.open("\(instance.url)/screenings/\(screening)/seats/live"))
            streams.append(try await SSEReader.open("\(instance.url)/screenings/\(screening)/seats/live"))
        } else if service == "notifications" {
            let (user, _) = try await fixtures.newUser()
            streams.append(
                try await SSEReader.open("\(instance.url)/feed/stream", token: user.token))
        }
        for index in streams.indices { _ = try await streams[index].next(containing: "data:") }

        let started = ContinuousClock.now
        let status = try await instance.terminate()
        let elapsed = ContinuousClock.now - started
        #expect(status == 0, "\(service) exit status")
        #expect(elapsed < .seconds(5), "\(service) took \(elapsed) to stop")
        for index in streams.indices {
            let last = try await streams[index].rest()
            #expect(last.contains("event: shutdown"), "\(service) stream closed without its last event")
        }
    }
}

/// One more instance of a service, a child of the test (so that its exit status is ours to
/// read), configured as the suite's instance but on ports of its own.
struct ExtraInstance {
    let pid: pid_t
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    static func start(_ service: String) async throws -> ExtraInstance {
        var environment = try await serviceEnvironment(service)
        let port = (Int(environment["HTTP_PORT"] ?? "") ?? 0) + 900
        let internalPort = (Int(environment["HTTP_INTERNAL_PORT"] ?? "") ?? 0) + 900
        environment["HTTP_PORT"] = String(port)
        environment["HTTP_INTERNAL_PORT"] = String(internalPort)
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        // Lets scripts/services stop find it, should this test run be killed (orphans steal events).
        environment["HS_TEST_INSTANCE_OF"] = "\(TestEnvironment.root)/.run/test"
        let binary = "\(TestEnvironment.root)/.build/debug/\(service)"
        let log = "\(TestEnvironment.root)/.run/test/logs/\(service)-shutdown-test.log"
        let pid = try spawn(binary, environment: environment, log: log)
        let ready = APIClient(baseURL: "http://127.0.0.1:\(internalPort)")
        _ = try await eventually(timeout: .seconds(60), "\(service) instance to be ready") {
            try? await ready.get("/health/ready").status == 200 ? true : nil
        }
        return ExtraInstance(pid: pid, port: port)
    }

    /// SIGTERM, then the exit status once it exited (-1 if killed by a signal).
    func terminate() async throws -> Int32 {
        kill(pid, SIGTERM)
        let pid = self.pid
        return try await eventually(timeout: .seconds(30), every: .milliseconds(20), "pid \(pid) to exit") {
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            guard done == pid else { return nil }
            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        }
    }

    /// The environment `scripts/services` gives the suite's instance of this service.
    static func serviceEnvironment(_ service: String) async throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "source \"$0/scripts/lib.sh\" && hs_service_env \(service)", TestEnvironment.root]
        process.environment = ["HS_MODE": "test", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        var environment: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return environment
    }

    static func spawn(_ binary: String, environment: [String: String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = [strdup(binary), nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        guard result == 0 else { throw TestFailure("cannot start \(binary): \(result)") }
        return pid
    }
}

/// A server-sent-event stream read chunk by chunk.
struct SSEReader {
    var iterator: HTTPClientResponse.Body.AsyncIterator

    static func open(_ url: String, token: String? = nil) async throws -> SSEReader {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        guard response.status == .ok else { throw TestFailure("\(url): \(response.status)") }
        return SSEReader(iterator: response.body.makeAsyncIterator())
    }

    /// Reads until a chunk contains `text`.
    mutating func next(containing text: String) async throws -> String {
        while let chunk = try await iterator.next() {
            let string = String(buffer: chunk)
            if string.contains(text) { return string }
        }
        throw TestFailure("stream ended before \(text)")
    }

    /// Everything until the server closes the stream.
    mutating func rest() async throws -> String {
        var all = ""
        while let chunk = try await iterator.next() { all += String(buffer: chunk) }
        return all
    }
}
