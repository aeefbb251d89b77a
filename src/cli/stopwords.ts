/**
 * English function words and interview filler, left out of "most-used words": what an answer
 * talks about shows in its content words, not in "the", "would" or "really".
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also although am an and any are aren't around as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each either else enough etc
even ever every few for from further get gets getting got had hadn't has hasn't have haven't having he her here hers herself him
himself his how however i i'd i'll i'm i've if in into is isn't it it's its itself just least less let let's like lot lots made
make makes making many may me might more most much must my myself need needs no nor not now of off often on once one only onto or
other others otherwise our ours ourselves out over own per perhaps quite rather really same say says see seem seems she should
shouldn't since so some something still such than that that's the their theirs them themselves then there there's these they
they'd they'll they're they've thing things think this those though through thus to too toward towards under until up upon us
use used using very via want was wasn't way ways we we'd we'll we're we've well were weren't what what's when where whether
which while who whom whose why will with within without won't would wouldn't yet you you'd you'll you're you've your yours
yourself yourselves first second third also two three four five six seven eight nine ten`.split(/\s+/),
);
