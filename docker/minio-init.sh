#!/bin/sh
# One-shot of docker/compose.yaml (image minio/mc): prepares the backup bucket in MinIO at every
# start of the stack. Idempotent: an existing bucket, user, policy or rule is left as it is.
#
# - the bucket BACKUP_S3_BUCKET with versioning, and a lifecycle rule expiring noncurrent
#   versions after 30 days — what admin-api does to a bucket it creates itself
#   (admin-api/src/modules/backups/storage-s3.ts), so a prune can be undone for a month;
# - a user BACKUP_S3_ACCESS_KEY / BACKUP_S3_SECRET_KEY allowed this bucket only: admin-api gets
#   these in its `backup` setting, never MinIO's root account.
# Untested against a running MinIO (no container engine where this was written); the mc
# commands are those of the pinned mc release.
set -eu

# The root password is an argument of this short-lived container's own mc process only.
mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null

mc mb --ignore-existing --with-versioning "local/$BACKUP_S3_BUCKET"
if ! mc ilm rule ls "local/$BACKUP_S3_BUCKET" >/dev/null 2>&1; then
  mc ilm rule add --noncurrent-expire-days 30 "local/$BACKUP_S3_BUCKET"
fi

policy=/tmp/chronos-backup-policy.json
cat >"$policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:*"],
      "Resource": ["arn:aws:s3:::$BACKUP_S3_BUCKET", "arn:aws:s3:::$BACKUP_S3_BUCKET/*"]
    }
  ]
}
JSON
mc admin policy create local chronos-backup "$policy" >/dev/null
# `user add` on an existing user only sets its secret again.
mc admin user add local "$BACKUP_S3_ACCESS_KEY" "$BACKUP_S3_SECRET_KEY" >/dev/null
info=$(mc admin user info local "$BACKUP_S3_ACCESS_KEY" --json)
case "$info" in
  *'"chronos-backup"'*) ;;
  *) mc admin policy attach local chronos-backup --user "$BACKUP_S3_ACCESS_KEY" >/dev/null ;;
esac
echo "minio-init: bucket $BACKUP_S3_BUCKET and user $BACKUP_S3_ACCESS_KEY are ready"
