// The planning board's shared shapes: a placed screening, a move, a film change, and what the board's
// hooks and components read (the view) or use to speak (the feedback). Types and constants only.
import type { MutableRefObject } from "react";
import type { Cinema, Film } from "../../api/types";
import type { useToast } from "../../app/toasts";
import type { Board, BoardScreening } from "./api";
import type { DayWindow, LaneRef, PlacedSpan, Slot } from "./calendar";

export const PX_PER_MINUTE = 1.25;
export const TRACK_HEIGHT = 46; // px per overlap track of a lane

export type Placed = PlacedSpan<BoardScreening>;

export type Target = Slot;

export interface Move {
  item: Placed;
  target: Target;
  via: "pointer" | "keyboard";
  committing?: boolean;
}

export type CheckState = { key: string; status: "checking" | "free" | "busy" | "unsupported"; text: string };

/** A film held over a screening (dragged onto it, or chosen with F), before the drop or Enter. */
export interface FilmTarget {
  film: Film;
  item: Placed;
  via: "pointer" | "keyboard";
  committing?: boolean;
}

/** What the calendar shows of a film change: free or busy, the words, and the new end (epoch ms). */
export type FilmState = { key: string; status: "checking" | "free" | "busy" | "same"; text: string; endsAt?: number };

export interface BoardContext {
  board: Board;
  cinema: Cinema;
  week: string;
  tz: string;
  films: Film[];
  canMoveAuditorium: boolean;
  canChangeFilm: boolean;
  dayName: (day: number) => string;
  onChanged: () => void;
}

/** The board as drawn: its screenings placed, the day window, the lanes, names of days and auditoriums. */
export interface BoardView {
  board: Board;
  week: string;
  tz: string;
  placed: Placed[];
  win: DayWindow;
  trackWidth: number;
  lanes: LaneRef[];
  hours: number[];
  dayName: (day: number) => string;
  audName: (auditoriumId: string) => string;
}

export type Notice = { kind: "error" | "info"; text: string };

/** How the board's hooks speak: the notice line, the live region, the toast, the block to focus
 * again after the reload, and the reload itself. */
export interface Feedback {
  setNotice: (notice: Notice | null) => void;
  setAnnounce: (text: string) => void;
  toast: ReturnType<typeof useToast>;
  refocus: MutableRefObject<string | null>;
  onChanged: () => void;
}
