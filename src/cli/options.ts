/** Options every printing command shares. */
export interface CommonOptions {
  json?: boolean;
  quiet?: boolean;
  /** false with --no-color. */
  color?: boolean;
}
