import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

/// Poster and backdrop upload through the gateway (issue 18): real images made with libvips,
/// variants listed on the film in WebP and JPEG, served public and immutable without metadata,
/// and every refusal a problem document.
@Suite("Film images", .enabled(if: TestEnvironment.isAvailable))
struct FilmImageTests {
    let fixtures = Fixtures()

    /// An answer to an upload.
    struct Answer {
        var status: Int
        var contentType: String
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends raw bytes with their own Content-Type (APIClient sends JSON).
    func put(_ client: APIClient, _ path: String, _ body: Data, type: String) async throws -> Answer {
        var request = HTTPClientRequest(url: client.baseURL + path)
        request.method = .PUT
        if let token = client.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "Content-Type", value: type)
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return Answer(
            status: Int(response.status.code), contentType: response.headers.first(name: "content-type") ?? "",
            body: Data(buffer: bytes))
    }

    /// A `vips` command (libvips-tools, installed by scripts/install-deps), waited for off the
    /// cooperative pool.
    static func vips(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = arguments
                let output = Pipe()
                process.standardOutput = output
                do {
                    try process.run()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    guard process.terminationStatus == 0 else {
                        throw TestFailure("\(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
                    }
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// A `width`×`height` image of noise as `format` (jpg, png), as its bytes. A JPEG that libvips
    /// saves unstripped carries an EXIF block, which the variants must not keep.
    static func image(_ width: Int, _ height: Int, _ format: String) async throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("film-images-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let noise = directory.appendingPathComponent("noise.v").path
        let file = directory.appendingPathComponent("image.\(format)").path
        _ = try await vips(["vips", "gaussnoise", noise, "\(width)", "\(height)"])
        _ = try await vips(["vips", "copy", noise, file])
        if format == "jpg" { #expect(try await vips(["vipsheader", "-a", file]).contains("exif-data")) }
        return try Data(contentsOf: URL(fileURLWithPath: file))
    }

    @Test(
        "a staff upload becomes WebP and JPEG variants at several widths, served public, immutable and without EXIF"
    )
    func uploadAndServe() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin, title: "Poster \(UUID().uuidString.prefix(6))")
        let jpeg = try await Self.image(500, 750, "jpg")
        let uploaded = try await put(admin, "/api/catalog/films/\(film)/images/poster", jpeg, type: "image/jpeg")
        #expect(uploaded.status == 200, "\(uploaded.text)")
        let images = try #require(uploaded.json["images"] as? [String: [String: String]])
        // 500 px wide: 185, 342 and 500, never enlarged to 780; `original` = the largest.
        #expect(Set(images["poster"]?.keys.map { $0 } ?? []) == ["w185", "w342", "w500", "original"])
        #expect(Set(images["posterWebp"]?.keys.map { $0 } ?? []) == ["w185", "w342", "w500", "original"])
        #expect(
            images["poster"]?.values.allSatisfy { $0.hasPrefix("/api/catalog/images/") && $0.hasSuffix(".jpg") } == true
        )
        #expect(images["posterWebp"]?.values.allSatisfy { $0.hasSuffix(".webp") } == true)
        #expect(images["poster"]?["original"] == images["poster"]?["w500"])
        #expect(Set(images["poster"]?.values.map { $0 } ?? []).count == 3)  // one file per width

        // The public film page shows them (the gateway's cache drops the film on the upload).
        let page = try await eventually(timeout: .seconds(15), "the public film shows the upload") {
            let reply = try await APIClient().get("/api/catalog/films/\(film)")
            let poster = (reply.json["images"] as? [String: [String: String]])?["poster"]
            return poster == images["poster"] ? reply : nil
        }
        #expect(page.status == 200)

        // Each variant: public (no token), its type, immutable, an ETag, the width, no metadata.
        for (size, format) in [("w342", "posterWebp"), ("w185", "poster")] {
            let url = try #require(images[format]?[size])
            let served = try await APIClient().get(url)
            #expect(served.status == 200)
            let isWebP = format == "posterWebp"
            #expect(served.contentType == (isWebP ? "image/webp" : "image/jpeg"))
            #expect(served.headers.first(name: "Cache-Control") == "public, max-age=31536000, immutable")
            let etag = try #require(served.headers.first(name: "ETag"))
            #expect(url.contains(etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))))
            let bytes = [UInt8](served.body)
            if isWebP {
                #expect(bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8))
                for chunk in ["EXIF", "XMP ", "ICCP"] { #expect(served.body.range(of: Data(chunk.utf8)) == nil) }
            } else {
                #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]))
                #expect(served.body.range(of: Data("Exif\0\0".utf8)) == nil)
                #expect(served.body.range(of: Data("ICC_PROFILE".utf8)) == nil)
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "variant-\(UUID()).\(isWebP ? "webp" : "jpg")")
            try served.body.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let header = try await Self.vips(["vipsheader", "-a", file.path])
            #expect(header.contains(": \(size.dropFirst())x"), "\(header)")
            for field in ["exif-data", "xmp-data", "icc-profile-data", "iptc-data"] {
                #expect(!header.contains(field), "\(format) \(size) keeps \(field)")
            }
            #expect(try await APIClient().get(url, headers: ["If-None-Match": etag]).status == 304)
        }
        let missing = try await APIClient().get("/api/catalog/images/\(String(repeating: "0", count: 64)).webp")
        #expect(missing.status == 404 && missing.contentType.hasPrefix("application/problem+json"))
        let notAName = try await APIClient().get("/api/catalog/images/poster.png")
        #expect(notAName.status == 404 && notAName.contentType.hasPrefix("application/problem+json"))
    }

    @Test("refusals: not an image, another type than declared, too large, not staff, unknown film or kind")
    func refusals() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let path = "/api/catalog/films/\(film)/images/poster"
        func problem(
            _ reply: Answer, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
            #expect(reply.contentType.hasPrefix("application/problem+json"), sourceLocation: sourceLocation)
            #expect(reply.json["code"] as? String == code, "\(reply.text)", sourceLocation: sourceLocation)
        }
        let text = Data("This is a text file, whatever its Content-Type says.\n".utf8)
        let refused = try await put(admin, path, text, type: "image/png")
        problem(refused, 415, "unsupported-image-type")
        #expect((refused.json["detail"] as? String)?.contains("text") == true)
        // Larger than the gateway's read-first buffer (64 KiB), so streamed through it: refused from
        // its first bytes, answered once it has all arrived (and the gateway lives on).
        let longText = Data(repeating: UInt8(ascii: "a"), count: 300_000)
        problem(try await put(admin, path, longText, type: "image/webp"), 415, "unsupported-image-type")
        let png = try await Self.image(64, 96, "png")
        problem(try await put(admin, path, png, type: "image/jpeg"), 422, "image-type-mismatch")
        problem(try await put(admin, path, png, type: "application/octet-stream"), 415, "unsupported-media-type")
        let truncated = png.prefix(40)
        problem(try await put(admin, path, truncated, type: "image/png"), 422, "image-unreadable")
        problem(
            try await put(admin, "/api/catalog/films/\(film)/images/cover", png, type: "image/png"), 422,
            "validation-failed")
        problem(
            try await put(admin, "/api/catalog/films/\(UUID())/images/poster", png, type: "image/png"), 404, "not-found"
        )

        // Over 20 MiB (catalog.images.max.bytes): 413 problem, through the gateway and at catalog itself.
        var large = Data(png.prefix(16))
        large.append(Data(count: (20 << 20) + 1024))
        let tooLarge = try await put(admin, path, large, type: "image/png")
        #expect(tooLarge.status == 413 && tooLarge.contentType.hasPrefix("application/problem+json"))
        let direct = APIClient(baseURL: TestEnvironment.serviceURL("catalog"), token: admin.token)
        problem(try await put(direct, "/films/\(film)/images/poster", large, type: "image/png"), 413, "image-too-large")

        // A client is not staff; nobody without a token.
        let (client, _) = try await fixtures.newUser()
        problem(try await put(client, path, png, type: "image/png"), 403, "forbidden")
        #expect(try await put(APIClient(), path, png, type: "image/png").status == 401)
        // Nothing refused changed the film.
        let images = try await admin.get("/api/catalog/films/\(film)").json["images"] as? [String: [String: String]]
        #expect(images?["poster"]?.isEmpty == true)
    }

    @Test("on an imported film the upload is a hand edit: a re-sync keeps it, an overwrite brings TMDB's back")
    func uploadIsALocalEdit() async throws {
        try await FakeTMDB.shared.start(port: TestEnvironment.tmdbPort)
        let tmdbId = Int.random(in: 9_000_001...9_900_000)
        var movie = FakeTMDB.amelie
        movie["id"] = tmdbId
        movie["title"] = "Backdrop \(UUID().uuidString.prefix(6))"
        await FakeTMDB.shared.add(movie)
        let admin = try await fixtures.admin()
        let imported = try await admin.post("/api/catalog/tmdb/imports", ["tmdbId": tmdbId])
        let id = try #require(imported.json["id"] as? String)
        let tmdbBackdrop = (imported.json["images"] as? [String: [String: String]])?["backdrop"]?["w780"]
        #expect(tmdbBackdrop?.hasPrefix("http") == true)

        let png = try await Self.image(800, 450, "png")
        let uploaded = try await put(admin, "/api/catalog/films/\(id)/images/backdrop", png, type: "image/png")
        #expect(uploaded.status == 200, "\(uploaded.text)")
        #expect(uploaded.json["localEdits"] as? [String] == ["backdropPath"])
        var images = uploaded.json["images"] as? [String: [String: String]]
        #expect(Set(images?["backdropWebp"]?.keys.map { $0 } ?? []) == ["w300", "w780", "original"])
        #expect(images?["backdrop"]?["w780"]?.hasPrefix("/api/catalog/images/") == true)
        #expect(images?["poster"]?["w342"]?.hasPrefix("http") == true)  // the poster is still TMDB's

        let synced = try await admin.post("/api/catalog/films/\(id)/sync", [:])
        images = synced.json["images"] as? [String: [String: String]]
        #expect(images?["backdrop"]?["w780"]?.hasPrefix("/api/catalog/images/") == true)
        let overwritten = try await admin.post("/api/catalog/films/\(id)/sync?overwrite=true", [:])
        images = overwritten.json["images"] as? [String: [String: String]]
        #expect(images?["backdrop"]?["w780"] == tmdbBackdrop)
        #expect(images?["backdropWebp"]?.isEmpty == true)
    }
}
