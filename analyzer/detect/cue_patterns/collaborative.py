"""`collaborative` cues: joint problem solving, shared goals, open disclosure."""
from __future__ import annotations

from .spec import VOCAB, _collab

# words before "together" that make it a chore or a meet-up, not joint work (joint_action skips them)
VOCAB["TOGETHER_CHORE"] = ("put puts putting pull pulls pulled pulling get gets got getting gotten bring brings "
                           "brought bringing piece pieced piecing cobble cobbled cobbling stitch stitched stitching "
                           "string strung stringing throw threw thrown throwing toss tossed this these them stuff "
                           "things something everything info information data numbers figures list report package "
                           "presentation deck slides materials").split()

# ---------------------------------------------------------------------------------------------------------------
# collaborative
# ---------------------------------------------------------------------------------------------------------------
COLLAB = [
    _collab("joint_action", [
        "let @POSS !know|down|see|have",
        "let us !know|down|see|have|you|me",
        # "together" after put/pull/get/bring (a chore or a meet-up: "put together the report", "get together after
        # work") is not joint work, nor is "together with" (as well as); "put the report together" is left to the
        # grammar counter `together_object` (analyzer/detect/grammar.py)
        "!@TOGETHER_CHORE together !with",
        "!@TOGETHER_CHORE together .|,|;|:|?|!|)",
        "together ,? we|everyone|everybody|all|both|they|our",
        "work|works|worked|working|manage|managing|come|coming|came|collaborate|collaborating|partner|partnering together",
        "jointly",
        "coordinate|coordinating|coordination|co-ordination ~1 with",
        "in close coordination|co-ordination|cooperation|collaboration|partnership",
        "work|works|worked|working|partner|partnering|engage|engaging|engaged ~3 with you|your|us|our|each|both|all|*CAP",
        "work|works|worked|working ~2 with the @CP_ROLE|team|teams",
        "collaborate|collaborates|collaborated|collaborating|collaboration|collaborative|collaboratively",
        "cooperate|cooperates|cooperated|cooperating|cooperation|cooperative",
        "co-operate",
        "co-operating",
        "co-operation",
        "co-operated",
        "in partnership",
        "hand in hand",
        "side by side",
        "joint ~1 approach|team|plan|effort|efforts|workshop|review|working|session|investigation|commitment",
    ], "let's / together / jointly / work with you / cooperation"),
    _collab("shared_goal", [
        "shared|common|mutual|joint ~1 goal|goals|objective|objectives|interest|interests|aim|aims|vision|benefit|priority|priorities|purpose|understanding|commitment",
        "both|all ~1 parties|sides ~1 want|need|share|agree|benefit|recognise|recognize|appreciated|appreciate",
        "both|all of us ~1 want|need|share|agree|benefit",
        "in the best? interests? of ~1 both|all|everyone",
        "in the best? interests? of the|all parties",
        "interests? of all ~1 stakeholders|parties",
        "we all want",
        "same goal|objective|side",
    ], "a shared goal or common interest"),
    _collab("offer_of_help", [
        "happy|glad|pleased|willing|ready|keen|available to ~1 help|assist|support|discuss|meet|share|provide|work|talk|arrange|clarify|walk",
        "can|could|may|shall|should we|i ~1 help|assist|support",
        "how can|could we|i help",
        "let ~1 us|me know ~2 if|how|what|whether ~3 we|i can|could|may",
        "offer|offers|offering|offered ~2 our|any|additional|further|extra|more|some? help|assistance|support|resources|engineers",
        "we|i will|can|could|would|'ll ~1 help|assist|support|dedicate|send|provide ~2 additional|extra|more|further",
        "at your disposal",
        "support|supporting|supported|help|helping|assist|assisting ~2 you|your|them",
        "support|supporting|supported|help|helping|assist|assisting ~2 the @CP_ROLE|team",
        "dedicated ~3 resources|engineers|staff|team|people",
    ], "an offer of help or support"),
    _collab("open_disclosure", [
        "root cause|causes",
        "full|fully|complete|completely|total|totally transparent|transparency|open|candid",
        "transparently",
        "share|sharing|shared ~3 findings|details|information|data|analysis|report|results|lessons|everything|timeline",
        "provide|providing|disclose|disclosing ~2 full|complete|all|detailed|regular ~2 information|details|data|findings|disclosure|updates|visibility",
        "keep|keeping ~1 you|everyone ~1 informed|updated|posted",
        "keep|keeping ~1 you|everyone in the loop",
        "be|being|been ~1 open|honest|candid ~1 with|about",
        "open book",
        "full disclosure",
        "notified|informed|alerted ~1 you|*CAP ~3 of|about|that",
        "notified|informed|alerted ~1 the @CP_ROLE ~3 of|about|that",
    ], "open disclosure (root cause analysis, full transparency, keep you informed)"),
    _collab("future_orientation", [
        "going|moving|move|way|path|step|steps ~1 forward",
        "look|looks|looking|looked forward to ~1 working|continuing|collaborating|partnering|building|discussing|meeting|strengthening",
        "lessons|learnings ~1 learned|learnt|learning",
        "next steps",
        "from now on",
        "plan|plans|intend|intends ~1 to continue",
        "continue|continues|continued|continuing to work|improve|build|collaborate|support|cooperate|strengthen|develop",
        "renewed|ongoing|continued|long-term|lasting|future ~1 commitment|relationship|partnership|collaboration|cooperation",
        "build|building on",
        "recovery|remediation|improvement|action plan",
    ], "going forward, lessons learned, next steps"),
    _collab("win_win", [
        "win-win",
        "win / win",
        "win win",
        "mutually|jointly beneficial|acceptable|agreeable|satisfactory|agreed",
        "benefit|benefits|benefiting ~1 both|all|each ~1 parties|sides",
        "benefit|benefits|benefiting ~1 both|all of us",
        "fair|reasonable|balanced|equitable|sensible|pragmatic|amicable ~1 settlement|outcome|solution|resolution|compromise|deal|way|approach",
        "best|good|right ~1 outcome|result|solution|path ~1 for ~1 both|all|everyone|everybody",
        "amicable|amicably",
        "common|middle ground",
        "meet ~1 halfway",
        "compromise",
    ], "win/win, mutually beneficial, a fair settlement"),
    _collab("appreciation_of_partner", [
        "thank|thanks|thanking ~4 for",
        "grateful|gratitude|appreciate|appreciated|appreciates|appreciation|acknowledge|recognise|recognize ~4 effort|efforts|work|support|hard|professionalism|commitment|cooperation|co-operation|help|contribution",
        "valued|trusted|strategic|long-standing|longstanding|great|strong|close|resilient|excellent ~1 partner|partners|partnership|relationship|supplier|customer|collaboration",
        "great|excellent|fantastic|outstanding|terrific|tremendous ~1 work|job|effort|support|progress",
        "professionalism",
        "hard work",
        "worked hard",
        "loyalty",
    ], "thanks and appreciation of the partner"),
    _collab("ownership", [
        "we|i ~3 accept|accepts|accepted|take|takes|taken|taking|acknowledge|acknowledged|own ~3 responsibility|accountability|ownership",
        "our responsibility to",
        "putting|put|putting|make|making|set|setting things|this|it|matters ~1 right",
        "we|i ~1 recognise|recognize|acknowledge|accept ~2 that? ~1 we|there ~2 more|work|need|must|should",
        "take|takes|taking|taken ownership",
    ], "we accept / take responsibility, we will put it right"),
    _collab("commitment_to_resolve", [
        "committed|commitment|determined|dedicated ~2 to ~2 resolving|resolve|finding|find|working|deliver|delivering|complete|completing|continuing|fix|fixing|improving|improve|supporting|support|seeking",
        "resolve|solve|fix|address|resolving|solving|fixing|addressing ~3 together|jointly|quickly|promptly|collaboratively|constructively",
        "work through ~3 together|jointly|quickly|promptly|collaboratively|constructively",
        "find|finding|agree|agreeing ~1 a|the ~1 solution|way|path|resolution",
        "work out ~1 a|the ~1 solution|way|path|resolution",
        "speedy|swift|early|prompt ~1 resolution|settlement",
        "do|doing ~1 our|its|their best|everything ~3 to resolve|fix|address|help|support|put|make",
    ], "committed to resolving / finding a solution"),
]
