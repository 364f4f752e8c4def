// The shared support types (JSON, timestamps, task states, validation, seeded IDs) are
// part of this module's API: callers that import AppsCore see them too.
@_exported import FrameworkSupport
