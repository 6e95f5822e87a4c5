import Foundation
import Messaging

/// Published when a film becomes visible (first publication or back from the archive): what
/// scheduling (runtime) and notifications (title, poster, genres, languages) need.
struct FilmPublished: IntegrationEvent {
    static let type = "catalog.film.published"
    var filmId: UUID
    var title: String
    var runtimeMinutes: Int
    var posterPath: String?
    var genres: [String]
    var languages: [String]
    var releaseDate: String?

    init(_ film: Film) {
        filmId = film.id
        title = film.title
        runtimeMinutes = film.runtimeMinutes
        posterPath = film.posterPath
        genres = film.genres.map { $0.lowercased() }
        languages = film.audioLanguages.isEmpty ? film.originalLanguage.map { [$0] } ?? [] : film.audioLanguages
        releaseDate = film.releaseDate
    }
}

/// Published when a published film's details change.
struct FilmUpdated: IntegrationEvent {
    static let type = "catalog.film.updated"
    var filmId: UUID
    var title: String
    var runtimeMinutes: Int
    var posterPath: String?
    var genres: [String]

    init(_ film: Film) {
        filmId = film.id
        title = film.title
        runtimeMinutes = film.runtimeMinutes
        posterPath = film.posterPath
        genres = film.genres.map { $0.lowercased() }
    }
}

/// Published when a film is withdrawn from the public catalogue.
struct FilmArchived: IntegrationEvent {
    static let type = "catalog.film.archived"
    var filmId: UUID
    var title: String
}

/// catalog's copy of scheduling's event (only the fields it reads).
struct BookingConfirmed: IntegrationEvent {
    static let type = "scheduling.booking.confirmed"
    var bookingId: UUID
    var userId: UUID
    var filmId: UUID
    var startsAt: Date
}

/// Where and how a screening plays (absent from events published before scheduling sent it).
protocol ScreeningPlaced {
    var auditoriumId: UUID? { get }
    var cinemaId: UUID? { get }
    var timezone: String? { get }
    var version: String? { get }
    var format: String? { get }
    var wheelchairSpaces: Int? { get }
}

struct ScreeningScheduled: IntegrationEvent, ScreeningPlaced {
    static let type = "scheduling.screening.scheduled"
    var screeningId: UUID
    var filmId: UUID
    var startsAt: Date
    var auditoriumId: UUID?
    var cinemaId: UUID?
    var timezone: String?
    var version: String?
    var format: String?
    var wheelchairSpaces: Int?
}

struct ScreeningRescheduled: IntegrationEvent, ScreeningPlaced {
    static let type = "scheduling.screening.rescheduled"
    var screeningId: UUID
    var filmId: UUID
    var startsAt: Date
    var auditoriumId: UUID?
    var cinemaId: UUID?
    var timezone: String?
    var version: String?
    var format: String?
    var wheelchairSpaces: Int?
}

/// An auditorium's seat map changed: the wheelchair places of its screenings.
struct AuditoriumChanged: IntegrationEvent {
    static let type = "scheduling.auditorium.changed"
    var auditoriumId: UUID
    var wheelchairSpaces: Int
}

struct ScreeningCancelled: IntegrationEvent {
    static let type = "scheduling.screening.cancelled"
    var screeningId: UUID
    var filmId: UUID
}
