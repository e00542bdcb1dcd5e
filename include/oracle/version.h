// The library's own version (not the metadata's: see
// Engine::metadata_version()).
#ifndef ORACLE_VERSION_H_
#define ORACLE_VERSION_H_

#define ORACLE_VERSION_MAJOR 0
#define ORACLE_VERSION_MINOR 1
#define ORACLE_VERSION_PATCH 0
#define ORACLE_VERSION_STRING "0.1.0"

#endif  // ORACLE_VERSION_H_
