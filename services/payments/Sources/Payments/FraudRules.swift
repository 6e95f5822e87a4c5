import Configuration
import Crypto
import Foundation
import Hummingbird
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// Raised when a fraud rule fires; staff alerts listen to it.
struct FraudSuspected: IntegrationEvent {
    static let type = "payments.fraud.suspected"
    var signalId: UUID
    var rule: String
    var action: String
    var userId: UUID
    var bookingId: UUID
    var detail: String
}

/// Fraud rules, checked before every charge. Keys (all per `fraud.window.seconds`, 600):
/// `fraud.user.attempts` (10) checkouts per user, `fraud.user.declines` (3) declined payments per
/// user, `fraud.address.attempts` (0 = off; shared addresses make it risky) checkouts per client
/// address, `fraud.method.declines` (10) declined payments with the same card token (its
/// fingerprint, whoever pays: card testing); each blocks the payment. `fraud.amount.authentication` (10000 minor units) forces 3-D Secure
/// above that amount.
struct FraudRules: Sendable {
    var window: Int
    var userAttempts: Int
    var userDeclines: Int
    var addressAttempts: Int
    var methodAttempts: Int
    var authenticationAmount: Int

    init(reader: ConfigReader) {
        window = reader.int(forKey: "fraud.window.seconds", default: 600)
        userAttempts = reader.int(forKey: "fraud.user.attempts", default: 10)
        userDeclines = reader.int(forKey: "fraud.user.declines", default: 3)
        addressAttempts = reader.int(forKey: "fraud.address.attempts", default: 0)
        methodAttempts = reader.int(forKey: "fraud.method.declines", default: 10)
        authenticationAmount = reader.int(forKey: "fraud.amount.authentication", default: 10000)
    }

    enum Verdict: Equatable {
        case allow
        case authenticate(rule: String)
        case block(rule: String, detail: String)
    }

    struct Recent: Sendable {
        var userAttempts: Int
        var userDeclines: Int
        var addressAttempts: Int
        var methodAttempts: Int
    }

    /// The verdict for a charge given what happened recently (pure: see `FraudStore` for counts).
    func verdict(_ recent: Recent, amount: Int) -> Verdict {
        if userDeclines > 0, recent.userDeclines >= userDeclines {
            return .block(rule: "user-declines", detail: "\(recent.userDeclines) declined payments recently")
        }
        if userAttempts > 0, recent.userAttempts >= userAttempts {
            return .block(rule: "user-attempts", detail: "\(recent.userAttempts) checkouts recently")
        }
        if addressAttempts > 0, recent.addressAttempts >= addressAttempts {
            return .block(rule: "address-attempts", detail: "\(recent.addressAttempts) checkouts from this address")
        }
        if methodAttempts > 0, recent.methodAttempts >= methodAttempts {
            return .block(rule: "card-declines", detail: "\(recent.methodAttempts) declines of this card")
        }
        if authenticationAmount > 0, amount > authenticationAmount { return .authenticate(rule: "unusual-amount") }
        return .allow
    }
}

/// Counts recent attempts and records the signals staff see (`GET /fraud-signals`).
struct FraudStore: Sendable {
    let client: PostgresClient
    let rules: FraudRules

    struct Signal: ResponseCodable, Sendable {
        var id: UUID
        var rule: String
        var action: String
        var userId: UUID
        var bookingId: UUID
        var clientAddress: String?
        var detail: String
        var createdAt: Date
        /// Staff's review: `legitimate` or `fraud`, by whom, when, with an optional note.
        var decision: String?
        var note: String?
        var reviewedAt: Date?
        var reviewedBy: UUID?
    }

    func assess(user: UUID, address: String?, method: String, amount: Int, logger: Logger) async throws
        -> FraudRules.Verdict
    {
        let rows = try await client.query(
            """
            SELECT count(*) FILTER (WHERE user_id = \(user))::int,
                   count(*) FILTER (WHERE user_id = \(user) AND status = 'failed')::int,
                   count(*) FILTER (WHERE \(address)::text IS NOT NULL AND client_address = \(address))::int,
                   count(*) FILTER (WHERE method_fingerprint = \(Self.fingerprint(method)) AND status = 'failed')::int
            FROM payments WHERE created_at > now() - make_interval(secs => \(rules.window))
            """, logger: logger)
        let (attempts, declines, fromAddress, withMethod) =
            try await rows.decode((Int, Int, Int, Int).self).firstElement() ?? (0, 0, 0, 0)
        return rules.verdict(
            .init(
                userAttempts: attempts, userDeclines: declines, addressAttempts: fromAddress, methodAttempts: withMethod
            ),
            amount: amount)
    }

    /// Records a signal and publishes `payments.fraud.suspected` in one transaction.
    func signal(
        rule: String, action: String, user: UUID, booking: UUID, address: String?, detail: String, logger: Logger
    ) async throws {
        let id = UUID()
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO fraud_signals (id, rule, action, user_id, booking_id, client_address, detail)
                VALUES (\(id), \(rule), \(action), \(user), \(booking), \(address), \(detail))
                """, logger: logger)
            let event = FraudSuspected(
                signalId: id, rule: rule, action: action, userId: user, bookingId: booking, detail: detail)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
        logger.warning(
            "security: fraud rule fired",
            metadata: [
                "securityEvent": "fraud_suspected", "rule": "\(rule)", "action": "\(action)", "userId": "\(user)",
            ])
    }

    /// Newest first; `reviewed`: only those staff reviewed (true) or not yet (false).
    func signals(reviewed: Bool? = nil, logger: Logger) async throws -> [Signal] {
        try await Self.signals(
            client.query(
                """
                SELECT \(unescaped: Self.columns) FROM fraud_signals
                WHERE \(reviewed)::boolean IS NULL OR (reviewed_at IS NOT NULL) = \(reviewed)
                ORDER BY created_at DESC LIMIT 200
                """, logger: logger))
    }

    /// Records staff's decision on a signal (a later review replaces an earlier one).
    func review(_ id: UUID, decision: String, note: String?, by staff: UUID, logger: Logger) async throws -> Signal {
        let rows = try await client.query(
            """
            UPDATE fraud_signals SET decision = \(decision), note = \(note), reviewed_at = now(), reviewed_by = \(staff)
            WHERE id = \(id) RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        guard let signal = try await Self.signals(rows).first else { throw AppError.notFound("Fraud signal") }
        logger.notice(
            "fraud signal reviewed",
            metadata: ["signal": "\(id)", "decision": "\(decision)", "reviewer": "\(staff)"])
        return signal
    }

    static let columns =
        "id, rule, action, user_id, booking_id, client_address, detail, created_at, decision, note, reviewed_at, reviewed_by"

    static func signals(_ rows: PostgresRowSequence) async throws -> [Signal] {
        var signals: [Signal] = []
        for try await row in rows.decode(
            (UUID, String, String, UUID, UUID, String?, String, Date, String?, String?, Date?, UUID?).self)
        {
            signals.append(
                Signal(
                    id: row.0, rule: row.1, action: row.2, userId: row.3, bookingId: row.4, clientAddress: row.5,
                    detail: row.6, createdAt: row.7, decision: row.8, note: row.9, reviewedAt: row.10,
                    reviewedBy: row.11))
        }
        return signals
    }

    /// A card token's fingerprint: a hash, so that tokens are not kept in clear.
    static func fingerprint(_ method: String) -> String {
        Hex.encode(SHA256.hash(data: Data(method.utf8)).prefix(16))
    }
}
