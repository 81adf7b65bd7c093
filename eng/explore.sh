#!/usr/bin/env bash
# The safety explorer with fresh seeds (README, "Safety").
#   eng/explore.sh [N]          N fresh generated histories (default 1000); a failure prints the seed that replays it
#   eng/explore.sh --seed S [N] start from seed S and let CsCheck shrink it over N histories
#   eng/explore.sh --replay S   run the one history of seed S step by step, with the cluster log of each step
#   eng/explore.sh --census N   count the kinds of violation over the first N fixed seeds (e.g. on an older build);
#                               HAVM_EXPLORE_SALT=S draws them from another family than CI's
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
unset HAVM_EXPLORE_SEED HAVM_EXPLORE_REPLAY HAVM_EXPLORE_CENSUS  # (HAVM_EXPLORE_SALT is kept)
filter=Explorer_FreshSeeds
case "${1:-}" in
  --census) export HAVM_EXPLORE_CENSUS="${2:-3000}"; filter=Explorer_Census; shift $(( $# > 1 ? 2 : 1 )) ;;
  --seed) export HAVM_EXPLORE_SEED="${2:?--seed needs a seed}"; shift 2 ;;
  --replay) export HAVM_EXPLORE_REPLAY="${2:?--replay needs a seed}"; shift 2 ;;
esac
export HAVM_EXPLORE_ITER="${1:-1000}"
if [ -n "${HAVM_EXPLORE_REPLAY:-}" ]; then echo "explore: replaying seed $HAVM_EXPLORE_REPLAY"
elif [ -n "${HAVM_EXPLORE_CENSUS:-}" ]; then echo "explore: census of $HAVM_EXPLORE_CENSUS fixed seeds"
else echo "explore: $HAVM_EXPLORE_ITER histories, seed ${HAVM_EXPLORE_SEED:-fresh}"; fi
havm_build tests/Havm.Tests/Havm.Tests.csproj >/dev/null || { echo "build failed"; exit 1; }
havm_test tests/Havm.Tests/Havm.Tests.csproj --no-build -nologo \
  --filter "FullyQualifiedName~$filter" --logger "console;verbosity=detailed" 2>&1 \
  | grep -v '^\s*at \|^$\|^Test run for\|^A total of\|^VSTest\|^NUnit'
exit "${PIPESTATUS[0]}"
