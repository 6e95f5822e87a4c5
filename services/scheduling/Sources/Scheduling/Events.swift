import Foundation
import Messaging

// MARK: Published

/// With its place (`ScreeningPlace`: cinema, time zone, version, format, wheelchair places).
struct ScreeningScheduled: IntegrationEvent {
    static let type = "scheduling.screening.scheduled"
    var screeningId: UUID
    var filmId: UUID
    var auditoriumId: UUID
    var startsAt: Date
    var endsAt: Date
    var cinemaId: UUID
    var timezone: String
    var version: String
    var format: String
    var wheelchairSpaces: Int

    init(screeningId: UUID, filmId: UUID, auditoriumId: UUID, startsAt: Date, endsAt: Date, place: ScreeningPlace) {
        (self.screeningId, self.filmId, self.auditoriumId) = (screeningId, filmId, auditoriumId)
        (self.startsAt, self.endsAt) = (startsAt, endsAt)
        (cinemaId, timezone, version) = (place.cinemaId, place.timezone, place.version)
        (format, wheelchairSpaces) = (place.format, place.wheelchairSpaces)
    }
}

/// An auditorium's seat map was edited (no seat of it held or sold then): replicas of its
/// screenings' places take the new counts.
struct AuditoriumChanged: IntegrationEvent {
    static let type = "scheduling.auditorium.changed"
    var auditoriumId: UUID
    var name: String
    /// Sellable seats (blocked ones excluded).
    var seats: Int
    var wheelchairSpaces: Int
}

struct BookedSeat: Codable, Sendable {
    var seatId: UUID
    var row: String
    var number: Int
    var price: Int
    /// adult, child, student or senior.
    var audience: String = "adult"
}

/// Seats are held for a user; payments prices the checkout from this event.
struct BookingHeld: IntegrationEvent {
    static let type = "scheduling.booking.held"
    var bookingId: UUID
    var screeningId: UUID
    var userId: UUID
    var userEmail: String
    var filmId: UUID
    var filmTitle: String
    var startsAt: Date
    var seats: [BookedSeat]
    var amount: Int
    var currency: String
    var expiresAt: Date
    var cinemaName: String
    var cinemaId: UUID?
    /// The cinema's legal entity and the VAT rate in force on the day of the sale (nil when the
    /// cinema has none: payments' configured seller).
    var seller: HeldSeller?
}

struct IssuedTicket: Codable, Sendable {
    var code: String
    var row: String
    var number: Int
    var signature: String
    /// valid or cancelled (in answers; absent from events).
    var status: String? = nil
}

/// A paid booking with its tickets; notifications sends the e-ticket, catalog records history.
struct BookingConfirmed: IntegrationEvent {
    static let type = "scheduling.booking.confirmed"
    var bookingId: UUID
    var screeningId: UUID
    var userId: UUID
    var userEmail: String
    var filmId: UUID
    var filmTitle: String
    var cinemaName: String
    var auditoriumName: String
    var startsAt: Date
    var amount: Int
    var currency: String
    var paymentId: UUID
    var tickets: [IssuedTicket]
}

/// A hold ended without payment: it expired (reaper) or its owner released it.
struct BookingExpired: IntegrationEvent {
    static let type = "scheduling.booking.expired"
    var bookingId: UUID
    var screeningId: UUID
    /// `expired` or `released`.
    var reason: String = "expired"
}

/// A hold was extended once; payments accepts a checkout until the new time.
struct BookingHoldExtended: IntegrationEvent {
    static let type = "scheduling.booking.hold_extended"
    var bookingId: UUID
    var screeningId: UUID
    var expiresAt: Date
}

/// A screening will not take place; its bookings are cancelled (and refunded by payments).
struct ScreeningCancelled: IntegrationEvent {
    static let type = "scheduling.screening.cancelled"
    var screeningId: UUID
    var filmId: UUID
    var startsAt: Date
    var reason: String
    var cancelledBookings: Int
}

/// A screening's fill rate (confirmed seats / sellable seats) reached the alert threshold; once.
struct ScreeningOccupancyReached: IntegrationEvent {
    static let type = "scheduling.screening.occupancy_reached"
    var screeningId: UUID
    var filmId: UUID
    var filmTitle: String
    var startsAt: Date
    var sold: Int
    var capacity: Int
    var thresholdPercent: Int
}

/// A screening's fill rate (confirmed seats / sellable seats) crossed a step of
/// `ScreeningOccupancyChanged.stepPercent` (5 %) up or down, or reached 100 %: `percent` is the
/// exact rate rounded down, `step` the step it is in now, `previousStep` the one before. A rule at
/// any threshold T fires when `previousStep < T <= percent`.
struct ScreeningOccupancyChanged: IntegrationEvent {
    static let type = "scheduling.screening.occupancy_changed"
    static let stepPercent = 5
    var screeningId: UUID
    var filmId: UUID
    var filmTitle: String
    var startsAt: Date
    var sold: Int
    var capacity: Int
    var percent: Int
    var step: Int
    var previousStep: Int
}

/// A screening moved to another time in its auditorium.
struct ScreeningRescheduled: IntegrationEvent {
    static let type = "scheduling.screening.rescheduled"
    var screeningId: UUID
    var filmId: UUID
    var previousStartsAt: Date
    var startsAt: Date
    var endsAt: Date
    /// Where it plays now; with the previous auditorium or film when the move changed them.
    var auditoriumId: UUID?
    var previousFilmId: UUID?
    var previousAuditoriumId: UUID?
    /// Its place now (`ScreeningPlace`); the auditorium's wheelchair places change with a move.
    var cinemaId: UUID
    var timezone: String
    var version: String
    var format: String
    var wheelchairSpaces: Int
}

/// A booking that will not happen; payments refunds it when it was paid.
struct BookingCancelled: IntegrationEvent {
    static let type = "scheduling.booking.cancelled"
    var bookingId: UUID
    var screeningId: UUID
    var userId: UUID
    var reason: String
    var paymentId: UUID?
    /// Set when a refund cancelled the booking (payments must not refund it again).
    var refundId: UUID? = nil
}

// MARK: Consumed (scheduling's own copies)

struct FilmPublished: IntegrationEvent {
    static let type = "catalog.film.published"
    var filmId: UUID
    var title: String
    var runtimeMinutes: Int
}

struct FilmUpdated: IntegrationEvent {
    static let type = "catalog.film.updated"
    var filmId: UUID
    var title: String
    var runtimeMinutes: Int
}

struct PaymentSucceeded: IntegrationEvent {
    static let type = "payments.payment.succeeded"
    var paymentId: UUID
    var bookingId: UUID
    var amount: Int
    var currency: String
}

/// Version 2 carries `covers` (booking, seats or goodwill) and `seatIds`; version 1 refunds
/// (without them) cover nothing scheduling acts on.
struct RefundSucceeded: IntegrationEvent {
    static let type = "payments.refund.succeeded"
    static let version = 2
    var refundId: UUID
    var paymentId: UUID
    var bookingId: UUID
    var amount: Int
    var reason: String
    var covers: String?
    var seatIds: [UUID]?
}
