import Foundation
import Messaging

/// Published when a film becomes available for scheduling and browsing.
struct FilmPublished: IntegrationEvent {
    static let type = "catalog.film.published"
    var filmId: UUID
    var title: String
    var runtimeMinutes: Int
}

/// Published when a film's details change.
struct FilmUpdated: IntegrationEvent {
    static let type = "catalog.film.updated"
    var filmId: UUID
    var title: String
    var runtimeMinutes: Int
}

/// catalog's copy of scheduling's event (only the fields it reads).
struct BookingConfirmed: IntegrationEvent {
    static let type = "scheduling.booking.confirmed"
    var bookingId: UUID
    var userId: UUID
    var filmId: UUID
    var startsAt: Date
}
