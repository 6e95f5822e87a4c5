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

/// `scheduling.screening.scheduled` and `.rescheduled` as catalog reads them: the same fields, the
/// film, start and place of the screening (the place is absent from events published before
/// scheduling sent it).
struct ScreeningPlacement<Kind: ScreeningPlacementKind>: IntegrationEvent {
    static var type: String { Kind.type }
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

protocol ScreeningPlacementKind: Sendable {
    static var type: String { get }
    /// How the event updates the replica's row of a screening it already has (`ScreeningReplica`).
    static var replicaUpdate: String { get }
}

/// An announcement (sent again with its place by scheduling's migration 11) only fills a place the
/// row lacks: its time and film stay, a reschedule may have moved them since.
enum Scheduled: ScreeningPlacementKind {
    static let type = "scheduling.screening.scheduled"
    static let replicaUpdate = """
        auditorium_id = coalesce(screenings.auditorium_id, EXCLUDED.auditorium_id),
        cinema_id = coalesce(screenings.cinema_id, EXCLUDED.cinema_id),
        timezone = coalesce(screenings.timezone, EXCLUDED.timezone),
        version = coalesce(screenings.version, EXCLUDED.version),
        format = coalesce(screenings.format, EXCLUDED.format),
        wheelchair_spaces = coalesce(screenings.wheelchair_spaces, EXCLUDED.wheelchair_spaces)
        """
}

/// A move: its time, film and place replace the row's (a place it lacks keeps the row's).
enum Rescheduled: ScreeningPlacementKind {
    static let type = "scheduling.screening.rescheduled"
    static let replicaUpdate = """
        starts_at = EXCLUDED.starts_at, film_id = EXCLUDED.film_id,
        auditorium_id = coalesce(EXCLUDED.auditorium_id, screenings.auditorium_id),
        cinema_id = coalesce(EXCLUDED.cinema_id, screenings.cinema_id),
        timezone = coalesce(EXCLUDED.timezone, screenings.timezone),
        version = coalesce(EXCLUDED.version, screenings.version),
        format = coalesce(EXCLUDED.format, screenings.format),
        wheelchair_spaces = coalesce(EXCLUDED.wheelchair_spaces, screenings.wheelchair_spaces)
        """
}

typealias ScreeningScheduled = ScreeningPlacement<Scheduled>
typealias ScreeningRescheduled = ScreeningPlacement<Rescheduled>

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
