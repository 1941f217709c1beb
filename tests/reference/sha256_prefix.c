/* Gives a ZIP file (a torch.save checkpoint) a chosen sha256 prefix by appending an archive comment ending in a nonce;
 * pretrained_mirror.py says why. Usage: sha256_prefix IN OUT HEXPREFIX (8 hex digits). Prints OUT's sha256. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned char *data;      /* the file with the grown EOCD comment, nonce bytes last */
static size_t total;             /* its length */
static size_t tail_start;        /* offset of the last 64-byte block */
static SHA256_CTX midstate;      /* hash of every block before it */
static uint32_t target;
static volatile int found;
static uint64_t winner;
static int threads;

static void *search(void *arg)
{
    uint64_t first = (uint64_t)(uintptr_t)arg;
    unsigned char block[64];
    size_t used = total - tail_start;
    memcpy(block, data + tail_start, used);
    block[used] = 0x80;
    memset(block + used + 1, 0, 64 - used - 1 - 8);
    uint64_t bits = (uint64_t)total * 8;
    for (int i = 0; i < 8; i++) block[63 - i] = (unsigned char)(bits >> (8 * i));
    for (uint64_t nonce = first; !found; nonce += (uint64_t)threads) {
        memcpy(block + used - 8, &nonce, 8);
        SHA256_CTX c = midstate;
        SHA256_Transform(&c, block);
        if (c.h[0] == target) { winner = nonce; found = 1; }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4 || strlen(argv[3]) != 8) { fprintf(stderr, "usage: %s IN OUT HEXPREFIX8\n", argv[0]); return 2; }
    target = (uint32_t)strtoul(argv[3], NULL, 16);
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 1; }
    fseek(in, 0, SEEK_END);
    size_t size = (size_t)ftell(in);
    fseek(in, 0, SEEK_SET);
    /* The end-of-central-directory record is the file's last 22 bytes when it has no comment (torch.save writes none). */
    size_t comment = 8 + (size_t)((55 - 8 - (long)(size % 64) + 128) % 64); /* total % 64 == 55: one final block */
    total = size + comment;
    data = malloc(total);
    if (fread(data, 1, size, in) != size) { perror("read"); return 1; }
    fclose(in);
    unsigned char *eocd = data + size - 22;
    if (eocd[0] != 0x50 || eocd[1] != 0x4b || eocd[2] != 0x05 || eocd[3] != 0x06 || eocd[20] || eocd[21]) {
        fprintf(stderr, "%s does not end with a comment-less ZIP end-of-central-directory record\n", argv[1]);
        return 1;
    }
    eocd[20] = (unsigned char)(comment & 0xff);
    eocd[21] = (unsigned char)(comment >> 8);
    memset(data + size, ' ', comment);
    tail_start = total - total % 64;
    SHA256_Init(&midstate);
    SHA256_Update(&midstate, data, tail_start);
    threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    pthread_t workers[256];
    if (threads > 256) threads = 256;
    for (int i = 0; i < threads; i++) pthread_create(&workers[i], NULL, search, (void *)(uintptr_t)i);
    for (int i = 0; i < threads; i++) pthread_join(workers[i], NULL);
    memcpy(data + total - 8, (const void *)&winner, 8);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(data, total, digest);
    uint32_t head = (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 | digest[3];
    if (head != target) { fprintf(stderr, "internal error: found nonce does not give the prefix\n"); return 1; }
    FILE *out = fopen(argv[2], "wb");
    if (!out || fwrite(data, 1, total, out) != total || fclose(out)) { perror(argv[2]); return 1; }
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) printf("%02x", digest[i]);
    printf("\n");
    return 0;
}
