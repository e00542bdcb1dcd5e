// Symbol visibility for the Oracle library.
//
// The library is built with hidden visibility; every public class and free
// function is marked ORACLE_EXPORT so that a shared build exports exactly the
// public API and nothing of its dependencies.
#ifndef ORACLE_EXPORT_H_
#define ORACLE_EXPORT_H_

#if defined(ORACLE_STATIC_DEFINE)
#define ORACLE_EXPORT
#elif defined(_WIN32)
#if defined(ORACLE_BUILDING_LIBRARY)
#define ORACLE_EXPORT __declspec(dllexport)
#else
#define ORACLE_EXPORT __declspec(dllimport)
#endif
#else
#define ORACLE_EXPORT __attribute__((visibility("default")))
#endif

#endif  // ORACLE_EXPORT_H_
