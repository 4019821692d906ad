#include "model/waitingwritersign.h"

#include <QElapsedTimer>
#include <QFile>

#include <utility>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#endif

namespace eslab {

#ifdef Q_OS_LINUX

namespace {

// A socket bound to `name`, or -1 when the name is taken (or sockets fail).
int bindName(const QByteArray &name)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
    const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(name.size()));
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

} // namespace

WaitingWriterSign::WaitingWriterSign(const QString &path)
{
    struct stat status = {};
    if (path.isEmpty() || ::stat(QFile::encodeName(path).constData(), &status) != 0)
        return;
    m_name = QByteArray(1, '\0') + "eslab-waiting-writer-"
        + QByteArray::number(quint64(status.st_dev)) + '-'
        + QByteArray::number(quint64(status.st_ino));
}

WaitingWriterSign::~WaitingWriterSign()
{
    takeDown();
}

void WaitingWriterSign::show()
{
    m_waited = true;
    if (m_socket < 0 && !m_name.isEmpty())
        m_socket = bindName(m_name);
}

bool WaitingWriterSign::takeDown()
{
    if (m_socket >= 0)
        ::close(m_socket);
    m_socket = -1;
    return std::exchange(m_waited, false);
}

bool WaitingWriterSign::isShownByAnother() const
{
    if (m_name.isEmpty() || m_socket >= 0)
        return false;
    const int probe = bindName(m_name);
    if (probe < 0)
        return errno == EADDRINUSE;
    ::close(probe);
    return false;
}

void WaitingWriterSign::giveWay(int maxMs) const
{
    QElapsedTimer waited;
    waited.start();
    // The waiting writer tries the lock every fraction of a millisecond (the store's busy
    // handler) and takes the sign down once it has it.
    while (waited.elapsed() < maxMs && isShownByAnother())
        ::usleep(200);
}

#else

WaitingWriterSign::WaitingWriterSign(const QString &) { }
WaitingWriterSign::~WaitingWriterSign() = default;
void WaitingWriterSign::show()
{
    m_waited = true;
}
bool WaitingWriterSign::takeDown()
{
    return std::exchange(m_waited, false);
}
bool WaitingWriterSign::isShownByAnother() const
{
    return false;
}
void WaitingWriterSign::giveWay(int) const { }

#endif

} // namespace eslab
