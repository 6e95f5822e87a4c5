import CCurl
import Foundation
import Logging

/// SMTP settings. `url` is `smtp://host:port` (STARTTLS when `requireTLS`) or `smtps://…`.
public struct SMTPConfig: Sendable {
    public var url: String
    public var from: String
    public var username: String?
    public var password: String?
    public var requireTLS: Bool
    /// A CA bundle (PEM) to trust instead of the system's, e.g. a private relay's certificate.
    public var caFile: String?
    public var timeoutSeconds: Int

    public init(
        url: String, from: String, username: String? = nil, password: String? = nil, requireTLS: Bool = false,
        caFile: String? = nil, timeoutSeconds: Int = 20
    ) {
        self.url = url
        self.from = from
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }
}

public struct MailError: Error, CustomStringConvertible {
    public var description: String
}

/// Sends mail over SMTP with libcurl. Each send runs on a GCD queue, never on Swift's
/// cooperative pool (libcurl blocks for the whole SMTP dialogue). libcurl is loaded by the
/// first send (`hs_curl_load`), so a service that has sent nothing does not map it.
public struct SMTPMailer: Sendable {
    public let config: SMTPConfig
    static let queue = DispatchQueue(label: "smtp", attributes: .concurrent)

    public init(config: SMTPConfig) { self.config = config }

    public func send(_ message: MailMessage) async throws {
        let payload = Array(message.rendered().utf8)
        let config = config
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Self.queue.async {
                continuation.resume(
                    with: Result { try Self.perform(config: config, message: message, payload: payload) })
            }
        }
    }

    static func perform(config: SMTPConfig, message: MailMessage, payload: [UInt8]) throws {
        if let failure = hs_curl_load() {
            throw MailError(description: "libcurl could not be loaded: \(String(cString: failure))")
        }
        guard let handle = hs_curl_easy_init() else { throw MailError(description: "curl_easy_init failed") }
        defer { hs_curl_easy_cleanup(handle) }
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        for address in message.to { recipients = hs_curl_slist_append(recipients, "<\(address)>") }
        defer { hs_curl_slist_free_all(recipients) }
        let source = PayloadSource(payload)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE))
        let code = errorBuffer.withUnsafeMutableBufferPointer { buffer -> CURLcode in
            hs_curl_set_string(handle, CURLOPT_URL, config.url)
            hs_curl_set_string(handle, CURLOPT_MAIL_FROM, "<\(Self.address(config.from))>")
            hs_curl_set_pointer(handle, CURLOPT_MAIL_RCPT, recipients)
            hs_curl_set_long(handle, CURLOPT_UPLOAD, 1)
            hs_curl_set_long(handle, CURLOPT_TIMEOUT, config.timeoutSeconds)
            hs_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            hs_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            if config.requireTLS { hs_curl_set_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
            if let caFile = config.caFile { hs_curl_set_string(handle, CURLOPT_CAINFO, caFile) }
            if let user = config.username { hs_curl_set_string(handle, CURLOPT_USERNAME, user) }
            if let password = config.password { hs_curl_set_string(handle, CURLOPT_PASSWORD, password) }
            hs_curl_set_read_function(handle, PayloadSource.read)
            hs_curl_set_pointer(handle, CURLOPT_READDATA, unmanaged.toOpaque())
            return hs_curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let reason = String(cString: hs_curl_easy_strerror(code))
            throw MailError(description: "SMTP delivery failed: \(reason) \(detail)")
        }
    }

    /// `Name <a@b>` → `a@b` for the envelope sender.
    static func address(_ mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close else {
            return mailbox
        }
        return String(mailbox[mailbox.index(after: open)..<close])
    }
}

/// Feeds the rendered message to libcurl's read callback.
private final class PayloadSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static let read: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let source = Unmanaged<PayloadSource>.fromOpaque(context).takeUnretainedValue()
        let length = min(size * count, source.bytes.count - source.offset)
        guard length > 0 else { return 0 }
        source.bytes.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + source.offset, byteCount: length)
        }
        source.offset += length
        return length
    }
}
