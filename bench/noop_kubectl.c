/* A kubectl that costs (almost) nothing: sleeps like the stand-in (KUBECTL_STANDIN_DELAY_MS, default
 * 100 ms) and prints an empty List. Section 4 of bench.py uses it as a control: the same check load
 * through the same code path, minus the ~6 ms of CPU a Swift stand-in start costs, shows how much of
 * the static p99 under load comes from the machine running processes rather than from the server. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void) {
    const char *delay = getenv("KUBECTL_STANDIN_DELAY_MS");
    long ms = delay ? strtol(delay, NULL, 10) : 100;
    if (ms < 0 || ms > 60000) ms = 100;
    struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&pause, NULL);
    fputs("{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n"
          "    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n", stdout);
    return 0;
}
