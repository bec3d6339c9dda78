// The file-system part of `topoc plan` without topoc, as a control for the bench's plan-growth target: per
// VM two folders and six files of ~1.3 KB, written with open/write/close into a new folder per run; 5 runs
// each of 10, 100, 1,000 and 5,000 VMs, all kept (as the bench's cold runs are). Prints the median per size
// and the growth ratios the bench checks.
//   cc -O2 -o /tmp/fs-control Benchmarks/fs-control/fs-control.c && mkdir /tmp/fsc && /tmp/fs-control /tmp/fsc
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static int cmp(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return (x > y) - (x < y); }
int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    static char data[1300];
    memset(data, 'x', sizeof data);
    int sizes[] = {10, 100, 1000, 5000};
    double medians[4];
    for (int s = 0; s < 4; s++) {
        double times[5];
        for (int run = 0; run < 5; run++) {
            char dir[512], path[600];
            snprintf(dir, sizeof dir, "%s/out-%d-%d", root, sizes[s], run);
            double start = now();
            mkdir(dir, 0755);
            for (int vm = 0; vm < sizes[s]; vm++) {
                char vmdir[560];
                snprintf(vmdir, sizeof vmdir, "%s/vm%d", dir, vm);
                mkdir(vmdir, 0755);
                snprintf(path, sizeof path, "%s/seed", vmdir);
                mkdir(path, 0755);
                for (int f = 0; f < 6; f++) {
                    snprintf(path, sizeof path, f < 3 ? "%s/seed/f%d" : "%s/f%d", vmdir, f);
                    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
                    if (fd < 0 || write(fd, data, sizeof data) != sizeof data) { perror(path); return 1; }
                    close(fd);
                }
            }
            times[run] = now() - start;
        }
        qsort(times, 5, sizeof(double), cmp);
        medians[s] = times[2];
        printf("%5d VMs: median %.1f ms\n", sizes[s], medians[s] * 1000);
    }
    printf("growth 1000/100 %.2f  5000/1000 %.2f\n", medians[2] / medians[1], medians[3] / medians[2]);
    return 0;
}
