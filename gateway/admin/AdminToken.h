#pragma once

#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace gateway::admin {

// The file in the data dir that holds the admin token when auth.adminToken is unset.
inline constexpr char adminTokenFileName[] = "admin-token";

// The admin API's bearer token kept in a file (README, "Admin API"). Like ssh with a private
// key, it refuses a file that others may read or that another user owns: whoever reads the
// token controls every key, limit and budget.
class AdminToken
{
public:
    // The token in `path`, or a new one ("sb-admin-" and 43 characters of base64url: 32 random
    // bytes from OpenSSL) written there if the file does not exist. A new file is created with
    // mode 0600 from its first byte (O_CREAT|O_EXCL, never a chmod after writing) and appears
    // whole or not at all (written aside, then linked into place, so a second process starting
    // at the same moment reads the first one's token instead of replacing it).
    static Result<QByteArray> loadOrCreate(const QString& path);

    // Whether `presented` is `token`, in time that does not depend on where they differ or on
    // their lengths (both are hashed first).
    static bool matches(QByteArrayView presented, QByteArrayView token);

    // The credential of an "Authorization: Bearer <token>" header (RFC 6750 2.1; the scheme's
    // case does not matter, RFC 9110 11.1), or an empty array.
    static QByteArray bearer(QByteArrayView authorization);
};

} // namespace gateway::admin
