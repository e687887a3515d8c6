/* lossyfs.c — a FUSE file system that loses what was not synced when its
 * "power" is cut: the disk of tests/power/power.test.mjs.
 *
 *     lossyfs [--seed=N] [--sync-ms=MS] BACKING MOUNTPOINT
 *
 * It passes everything through to the folder BACKING, except the data of
 * files: each file's writes and truncations since its last fsync or
 * fdatasync are kept in memory, in order, and reads see them, as a page
 * cache would.  An fsync writes them to the backing file.  Unmounting
 * (fusermount3 -u) is the power cut: of the writes still unsynced, a part
 * chosen by the seed reaches the backing file, the rest is lost.  Real
 * disks may persist some unsynced writes, in any order, so each file gets
 * one of three fates: none of them kept; a prefix kept, its last write
 * torn at a 512-byte sector of the file; or each kept or not at random, out of
 * order. Killing lossyfs itself loses them all.  --sync-ms makes each fsync
 * take that long, as on a slow disk, which widens the moments between a write
 * and its sync where a cut can fall.  LOSSYFS_DEBUG=1 prints FUSE's log of
 * every request.
 *
 * The model's limit: names (create, rename, unlink, link, mkdir) go
 * straight to the backing folder, durable at once, as a file system that
 * journals its metadata in order (ext4's data=ordered) nearly gives; only
 * file contents are lost.  Nothing here syncs the backing folder: its own
 * host does not lose power. */
#define FUSE_USE_VERSION 31
#include <fuse.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

enum { SECTOR = 512 };

/* One unsynced change: data written at offset, or (data NULL) a
 * truncation to offset. */
struct change {
	struct change *next;
	off_t offset;
	size_t len;
	char *data;
};

/* A backing file with unsynced changes, by its inode: one file has one
 * record however many times it is opened or renamed. */
struct dirty {
	struct dirty *next;
	ino_t ino;
	int fd; /* the backing file, open for writing */
	struct change *head, **tail;
	size_t count;
};

static struct {
	pthread_mutex_t lock;
	int root; /* the backing folder */
	struct dirty *files;
	unsigned seed;
	long sync_ms;
} fs = {.lock = PTHREAD_MUTEX_INITIALIZER, .root = -1};

/* A path FUSE gives ("/a/b") relative to the backing folder. */
static const char *rel(const char *path)
{
	return path[1] ? path + 1 : ".";
}

static struct dirty *dirty_find(ino_t ino)
{
	struct dirty *d = fs.files;
	while (d && d->ino != ino)
		d = d->next;
	return d;
}

static void changes_free(struct dirty *d)
{
	for (struct change *c = d->head, *next; c; c = next) {
		next = c->next;
		free(c->data);
		free(c);
	}
	d->head = NULL;
	d->tail = &d->head;
	d->count = 0;
}

/* Forgets the record of a backing file that no longer exists. */
static void dirty_drop(ino_t ino)
{
	for (struct dirty **p = &fs.files; *p; p = &(*p)->next)
		if ((*p)->ino == ino) {
			struct dirty *d = *p;
			*p = d->next;
			changes_free(d);
			close(d->fd);
			free(d);
			return;
		}
}

/* Called with the lock held: drops the record of path when removing it
 * takes away the file's last name. */
static void dirty_drop_if_last(const char *path)
{
	struct stat st;
	if (!fstatat(fs.root, rel(path), &st, AT_SYMLINK_NOFOLLOW) &&
	    S_ISREG(st.st_mode) && st.st_nlink == 1)
		dirty_drop(st.st_ino);
}

/* The size a file has once its unsynced changes are applied. */
static off_t dirty_size(const struct dirty *d, off_t backing)
{
	off_t size = backing;
	for (const struct change *c = d->head; c; c = c->next)
		if (!c->data)
			size = c->offset;
		else if (c->offset + (off_t)c->len > size)
			size = c->offset + (off_t)c->len;
	return size;
}

static void change_add(struct dirty *d, off_t offset, const char *data,
                       size_t len)
{
	struct change *c = calloc(1, sizeof *c);
	if (!c || (data && !(c->data = malloc(len ? len : 1))))
		abort();
	c->offset = offset;
	c->len = len;
	if (data)
		memcpy(c->data, data, len);
	*d->tail = c;
	d->tail = &c->next;
	d->count++;
}

/* Writes one change to the backing file, or only its first len bytes. */
static int change_apply(int fd, const struct change *c, size_t len)
{
	if (!c->data)
		return ftruncate(fd, c->offset) ? -errno : 0;
	for (size_t done = 0; done < len;) {
		ssize_t n = pwrite(fd, c->data + done, len - done,
		                   c->offset + (off_t)done);
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return 0;
}

/* ---- the power cut -------------------------------------------------- */

static unsigned next_random(void)
{
	return (unsigned)rand_r(&fs.seed);
}

/* What of one file's unsynced changes reaches its disk; counts in kept. */
static void power_cut_file(struct dirty *d, size_t *kept)
{
	unsigned fate = next_random() % 3;
	size_t prefix = d->count ? next_random() % (d->count + 1) : 0, i = 0;
	for (struct change *c = d->head; c; c = c->next, i++) {
		size_t len = c->len;
		if (fate == 0)
			break;   /* none kept */
		if (fate == 1) { /* a prefix, the last one torn */
			if (i > prefix)
				break;
			if (i ==
			    prefix) { /* torn at one of the disk's sectors */
				off_t first = c->offset / SECTOR + 1;
				off_t last =
				    (c->offset + (off_t)c->len - 1) / SECTOR;
				if (!c->data || last < first)
					break;
				off_t at = (first + (off_t)next_random() %
				                        (last - first + 1)) *
				           SECTOR;
				len = (size_t)(at - c->offset);
			}
		}
		if (fate == 2 && next_random() % 2)
			continue; /* any of them, in any order */
		if (change_apply(d->fd, c, len) == 0)
			++*kept;
	}
}

static void power_cut(void)
{
	size_t files = 0, unsynced = 0, kept = 0;
	for (struct dirty *d = fs.files; d; d = d->next) {
		files += d->count > 0;
		unsynced += d->count;
		power_cut_file(d, &kept);
	}
	fprintf(stderr,
	        "lossyfs: power cut: %zu unsynced writes in %zu files, "
	        "%zu of them kept\n",
	        unsynced, files, kept);
	while (fs.files)
		dirty_drop(fs.files->ino);
}

/* ---- file system operations ----------------------------------------- */

static void *lossy_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	(void)conn;
	/* sizes change behind the kernel's back (a truncation waits in
	 * memory): ask every time */
	cfg->attr_timeout = 0;
	cfg->entry_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->use_ino = 1;
	return NULL;
}

static int lossy_getattr(const char *path, struct stat *st,
                         struct fuse_file_info *fi)
{
	(void)fi;
	/* the backing file's size and the changes over it read together: an
	 * fsync moves one into the other */
	pthread_mutex_lock(&fs.lock);
	int rc =
	    fstatat(fs.root, rel(path), st, AT_SYMLINK_NOFOLLOW) ? -errno : 0;
	struct dirty *d =
	    !rc && S_ISREG(st->st_mode) ? dirty_find(st->st_ino) : NULL;
	if (d)
		st->st_size = dirty_size(d, st->st_size);
	pthread_mutex_unlock(&fs.lock);
	return rc;
}

static int lossy_readdir(const char *path, void *buf, fuse_fill_dir_t fill,
                         off_t offset, struct fuse_file_info *fi,
                         enum fuse_readdir_flags flags)
{
	(void)offset, (void)fi, (void)flags;
	int fd = openat(fs.root, rel(path), O_RDONLY | O_DIRECTORY);
	DIR *dir = fd < 0 ? NULL : fdopendir(fd);
	if (!dir) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return -e;
	}
	for (struct dirent *e; (e = readdir(dir));)
		fill(buf, e->d_name, NULL, 0, 0);
	closedir(dir);
	return 0;
}

static int lossy_mkdir(const char *path, mode_t mode)
{
	return mkdirat(fs.root, rel(path), mode) ? -errno : 0;
}

static int lossy_rmdir(const char *path)
{
	return unlinkat(fs.root, rel(path), AT_REMOVEDIR) ? -errno : 0;
}

static int lossy_unlink(const char *path)
{
	pthread_mutex_lock(&fs.lock);
	dirty_drop_if_last(path);
	int rc = unlinkat(fs.root, rel(path), 0) ? -errno : 0;
	pthread_mutex_unlock(&fs.lock);
	return rc;
}

static int lossy_rename(const char *from, const char *to, unsigned flags)
{
	if (flags)
		return -EINVAL;
	pthread_mutex_lock(&fs.lock);
	dirty_drop_if_last(to); /* replaced */
	int rc = renameat(fs.root, rel(from), fs.root, rel(to)) ? -errno : 0;
	pthread_mutex_unlock(&fs.lock);
	return rc;
}

static int lossy_link(const char *from, const char *to)
{
	return linkat(fs.root, rel(from), fs.root, rel(to), 0) ? -errno : 0;
}

static int lossy_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	(void)fi;
	return fchmodat(fs.root, rel(path), mode, 0) ? -errno : 0;
}

static int lossy_chown(const char *path, uid_t uid, gid_t gid,
                       struct fuse_file_info *fi)
{
	(void)fi;
	return fchownat(fs.root, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW)
	           ? -errno
	           : 0;
}

static int lossy_utimens(const char *path, const struct timespec tv[2],
                         struct fuse_file_info *fi)
{
	(void)fi;
	return utimensat(fs.root, rel(path), tv, AT_SYMLINK_NOFOLLOW) ? -errno
	                                                              : 0;
}

/* The record for an open backing file, made on first use.  Lock held. */
static struct dirty *dirty_of(int fd, const char *path)
{
	struct stat st;
	if (fstat(fd, &st))
		return NULL;
	struct dirty *d = dirty_find(st.st_ino);
	if (d)
		return d;
	d = calloc(1, sizeof *d);
	if (!d)
		abort();
	d->ino = st.st_ino;
	d->tail = &d->head;
	d->fd = openat(fs.root, rel(path), O_WRONLY | O_CLOEXEC);
	if (d->fd < 0) {
		free(d);
		return NULL;
	}
	d->next = fs.files;
	fs.files = d;
	return d;
}

/* Opens the backing file; O_TRUNC becomes an unsynced truncation. */
static int open_backing(const char *path, int flags, mode_t mode,
                        struct fuse_file_info *fi)
{
	bool truncate = flags & O_TRUNC;
	int fd = openat(fs.root, rel(path),
	                (flags & ~(O_TRUNC | O_APPEND)) | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	if (truncate) {
		pthread_mutex_lock(&fs.lock);
		struct dirty *d = dirty_of(fd, path);
		if (d)
			change_add(d, 0, NULL, 0);
		pthread_mutex_unlock(&fs.lock);
	}
	fi->fh = (uint64_t)fd;
	return 0;
}

static int lossy_open(const char *path, struct fuse_file_info *fi)
{
	return open_backing(path, fi->flags, 0, fi);
}

static int lossy_create(const char *path, mode_t mode,
                        struct fuse_file_info *fi)
{
	return open_backing(path, fi->flags | O_CREAT, mode, fi);
}

static int lossy_truncate(const char *path, off_t size,
                          struct fuse_file_info *fi)
{
	int fd = fi ? (int)fi->fh : openat(fs.root, rel(path), O_RDONLY);
	if (fd < 0)
		return -errno;
	pthread_mutex_lock(&fs.lock);
	struct dirty *d = dirty_of(fd, path);
	if (d)
		change_add(d, size, NULL, 0);
	pthread_mutex_unlock(&fs.lock);
	if (!fi)
		close(fd);
	return d ? 0 : -EIO;
}

static int lossy_read(const char *path, char *buf, size_t size, off_t offset,
                      struct fuse_file_info *fi)
{
	(void)path;
	int fd = (int)fi->fh, rc = 0;
	struct stat st;
	memset(buf, 0, size);
	pthread_mutex_lock(&fs.lock); /* as in lossy_getattr */
	if (fstat(fd, &st) || pread(fd, buf, size, offset) < 0) {
		rc = -errno;
		goto out;
	}
	off_t end = st.st_size, stop = offset + (off_t)size;
	struct dirty *d = dirty_find(st.st_ino);
	/* replay the unsynced changes over what the disk holds */
	for (struct change *c = d ? d->head : NULL; c; c = c->next) {
		if (!c->data) {
			end = c->offset;
			off_t from = end > offset ? end : offset;
			if (from < stop)
				memset(buf + (from - offset), 0,
				       (size_t)(stop - from));
			continue;
		}
		off_t from = c->offset > offset ? c->offset : offset;
		off_t to = c->offset + (off_t)c->len;
		if (to > end)
			end = to;
		if (to > stop)
			to = stop;
		if (from < to)
			memcpy(buf + (from - offset),
			       c->data + (from - c->offset),
			       (size_t)(to - from));
	}
	if (end > offset)
		rc = (int)(end - offset < (off_t)size ? end - offset
		                                      : (off_t)size);
out:
	pthread_mutex_unlock(&fs.lock);
	return rc;
}

static int lossy_write(const char *path, const char *buf, size_t size,
                       off_t offset, struct fuse_file_info *fi)
{
	pthread_mutex_lock(&fs.lock);
	struct dirty *d = dirty_of((int)fi->fh, path);
	if (d)
		change_add(d, offset, buf, size);
	pthread_mutex_unlock(&fs.lock);
	return d ? (int)size : -EIO;
}

static int lossy_statfs(const char *path, struct statvfs *st)
{
	(void)path;
	return fstatvfs(fs.root, st) ? -errno : 0;
}

static int lossy_release(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	close((int)fi->fh);
	return 0;
}

/* The file's unsynced changes reach the backing file, in order. */
static int lossy_fsync(const char *path, int datasync,
                       struct fuse_file_info *fi)
{
	(void)path, (void)datasync;
	if (fs.sync_ms)
		nanosleep(&(struct timespec){fs.sync_ms / 1000,
		                             fs.sync_ms % 1000 * 1000000},
		          NULL);
	struct stat st;
	if (fstat((int)fi->fh, &st))
		return -errno;
	int rc = 0;
	pthread_mutex_lock(&fs.lock);
	struct dirty *d = dirty_find(st.st_ino);
	for (struct change *c = d ? d->head : NULL; c && !rc; c = c->next)
		rc = change_apply(d->fd, c, c->len);
	if (d && !rc)
		changes_free(d);
	pthread_mutex_unlock(&fs.lock);
	return rc;
}

/* Names are durable already (see the top of the file). */
static int lossy_fsyncdir(const char *path, int datasync,
                          struct fuse_file_info *fi)
{
	(void)path, (void)datasync, (void)fi;
	return 0;
}

static const struct fuse_operations lossy_ops = {
    .init = lossy_init,
    .getattr = lossy_getattr,
    .readdir = lossy_readdir,
    .mkdir = lossy_mkdir,
    .rmdir = lossy_rmdir,
    .unlink = lossy_unlink,
    .rename = lossy_rename,
    .link = lossy_link,
    .chmod = lossy_chmod,
    .chown = lossy_chown,
    .utimens = lossy_utimens,
    .truncate = lossy_truncate,
    .open = lossy_open,
    .create = lossy_create,
    .read = lossy_read,
    .write = lossy_write,
    .statfs = lossy_statfs,
    .release = lossy_release,
    .fsync = lossy_fsync,
    .fsyncdir = lossy_fsyncdir,
};

int main(int argc, char **argv)
{
	int arg = 1;
	fs.seed = 1;
	for (; arg < argc && !strncmp(argv[arg], "--", 2); arg++)
		if (!strncmp(argv[arg], "--seed=", 7))
			fs.seed = (unsigned)strtoul(argv[arg] + 7, NULL, 10);
		else if (!strncmp(argv[arg], "--sync-ms=", 10))
			fs.sync_ms = strtol(argv[arg] + 10, NULL, 10);
		else
			break;
	if (argc - arg != 2) {
		fprintf(stderr, "usage: lossyfs [--seed=N] [--sync-ms=MS] "
		                "BACKING MOUNTPOINT\n");
		return 2;
	}
	fs.root = open(argv[arg], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fs.root < 0) {
		perror(argv[arg]);
		return 1;
	}
	/* foreground, so that the caller can wait for the power cut */
	char *fuse_argv[] = {argv[0], "-f", argv[arg + 1], "-d", NULL};
	umask(0);
	int rc = fuse_main(getenv("LOSSYFS_DEBUG") ? 4 : 3, fuse_argv,
	                   &lossy_ops, NULL);
	power_cut();
	return rc;
}
