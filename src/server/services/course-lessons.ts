/**
 * The built-in course of every finding type: a title, a one-line phrase for the pattern prompt, and a
 * short lesson in markdown (owners may replace the lesson per project). Rendered on the client with
 * react-markdown, no raw HTML.
 */
export const COURSE_TYPES = [
  'loose_box', 'tight_box', 'missed_object', 'extra_object', 'wrong_class', 'attribute_mismatch',
  'duplicate', 'low_overlap', 'coarse_boundary', 'missed_region', 'spill', 'boundary_error', 'too_fast', 'onboarding',
  'substitution', 'deletion', 'insertion', 'glossary_term', 'punctuation_casing', 'speaker_error', 'segment_timing', 'missing_tag',
] as const;

/** The qualification course: every finding counts against a practice item, not one type. */
export const ONBOARDING = 'onboarding';
export type CourseType = (typeof COURSE_TYPES)[number];

export const COURSE_INFO: Record<CourseType, { title: string; plural: string; phrase: string; lesson: string }> = {
  loose_box: {
    title: 'Tight boxes', plural: 'boxes', phrase: 'were loose',
    lesson: `## Boxes that hug the object\n\nA box should touch the object's outermost visible pixels on all four sides — no background margin.\n\n- Zoom in (scroll) before you release the mouse: a few pixels on screen can be ten on the image.\n- Check each edge in turn: **left, top, right, bottom**. The bottom edge is where most loose boxes go wrong: it belongs at the wheels or the feet, not at the shadow.\n- Use the select tool (V) and the handles, or the arrow keys (1 px, Shift 10 px), to pull an edge in.\n\nThe practice below shows you the reference box after each answer.`,
  },
  tight_box: {
    title: 'Boxes that cover the whole object', plural: 'boxes', phrase: 'cut their object off',
    lesson: `## Do not cut the object off\n\nA box must include every visible part of the object: mirrors, wheels, raised arms, bags.\n\n- Look for thin parts that stick out before you release.\n- When part of the object is hidden behind something else, box only what you can see and mark it *occluded*.`,
  },
  missed_object: {
    title: 'Finding every object', plural: 'objects', phrase: 'were missed',
    lesson: `## Label every object of the listed classes\n\nScan the image in strips, left to right, top to bottom, before you submit. Small, far and partly hidden objects count too.`,
  },
  extra_object: {
    title: 'Only the listed classes', plural: 'objects', phrase: 'were extra',
    lesson: `## Label only what is asked\n\nDraw objects only of the project's classes, and only real ones: reflections, posters and toys are not cars or pedestrians unless the instructions say so.`,
  },
  wrong_class: {
    title: 'Choosing the class', plural: 'objects', phrase: 'had the wrong class',
    lesson: `## Pick the class from the object, not the scene\n\nA person riding a bicycle is a **cyclist**, not a pedestrian. When unsure, re-read the class definitions in the instructions. Class keys 1–9 relabel the selected object.`,
  },
  attribute_mismatch: {
    title: 'Attributes', plural: 'objects', phrase: 'had a wrong attribute',
    lesson: `## Set every attribute\n\nAfter drawing, look at the attribute panel: *occluded* means part of the object is hidden by another object; *truncated* that it leaves the image.`,
  },
  duplicate: {
    title: 'One label per object', plural: 'objects', phrase: 'were labeled twice',
    lesson: `## Each object once\n\nBefore drawing, check the object list: if the object already has a box, fix that one instead of drawing a second.`,
  },
  low_overlap: {
    title: 'Outlines that follow the object', plural: 'outlines', phrase: 'overlapped their object poorly',
    lesson: `## Follow the boundary\n\nPlace polygon vertices on the object's edge, zoomed in. Add a vertex at every corner and along curves.`,
  },
  coarse_boundary: {
    title: 'Enough vertices', plural: 'outlines', phrase: 'were too coarse',
    lesson: `## Enough vertices for the shape\n\nA car needs more than six points. Add vertices where the outline bends; a midpoint handle adds one on an edge.`,
  },
  missed_region: {
    title: 'Covering the whole region', plural: 'masks', phrase: 'left part of their region unlabeled',
    lesson: `## Paint every pixel of the class\n\nA segmentation mask covers all of the class, not just its middle: the far end of the road, the strip behind a parked car, the sky between branches.\n\n- Before you submit, switch to **Outline only** (or lower the opacity) and scan the image edge to edge for unpainted gaps.\n- **Fill holes** closes gaps inside a mask in one click; the wand (W) fills a large even area quickly.\n- Pixels hidden behind another object belong to that object, not to nobody.`,
  },
  spill: {
    title: 'Staying inside the boundary', plural: 'masks', phrase: 'spilled over their boundary',
    lesson: `## Do not paint over the edge\n\nA mask ends where the object ends. Paint that bleeds onto the road, the sky or a neighbouring object is counted against both classes.\n\n- Zoom in (scroll) along edges and shrink the brush (**[**) there; use a large brush only in the middle.\n- Trace a sharp edge with **Fill polygon** (G) instead of the brush.\n- Clean up with the eraser (E); **Remove specks** clears stray dots.`,
  },
  boundary_error: {
    title: 'Accurate mask edges', plural: 'masks', phrase: 'had ragged or shifted edges',
    lesson: `## Edges within a couple of pixels\n\nThe mask's edge should follow the object's edge to within about 2 pixels all the way round — not everywhere a little off.\n\n- Zoom in until single pixels are visible before painting an edge.\n- Follow the edge with a small brush, or outline it with **Fill polygon** (G) and paint the inside afterwards.\n- Check with **Outline only**: the outline should sit on the object's edge, not beside it.`,
  },
  onboarding: {
    title: 'Onboarding', plural: 'items', phrase: 'need the onboarding course',
    lesson: `## Welcome\n\nBefore your first task, a few practice items with known answers. After each one you see the right answer and what differed.\n\n- Read the project's instructions first.\n- Box or outline **every** object of the listed classes, tightly, with the right class and attributes.\n- An item counts as right when nothing differs from the reference.`,
  },
  too_fast: {
    title: 'Taking the time', plural: 'tasks', phrase: 'were done much faster than usual',
    lesson: `## Speed comes after accuracy\n\nTasks like these usually take longer. Before submitting, check each object once more against the image.`,
  },
  substitution: {
    title: 'Hearing every word', plural: 'segments', phrase: 'had a word written as another',
    lesson: `## Write the word that is said\n\nWhen a word is unclear, play that stretch again at a slower speed (Alt+− slows down, Ctrl+← goes back 2 s) instead of guessing the likeliest word.\n\n- Loop the segment (Alt+L) and listen for the sounds, not the sense.\n- Short words matter: *a*, *the*, *and*, *in* are the ones most often swapped.`,
  },
  deletion: {
    title: 'Not dropping words', plural: 'segments', phrase: 'missed words',
    lesson: `## Every word, including the small ones\n\nTranscribe verbatim: repeated words, false starts and fillers count when the instructions say so. Before you submit, play each segment once more and read along.`,
  },
  insertion: {
    title: 'Only what is said', plural: 'segments', phrase: 'had words that are not said',
    lesson: `## Do not add words\n\nWrite only what you hear. Do not complete sentences, do not add words to make the grammar right, and leave out what belongs to the next segment.`,
  },
  glossary_term: {
    title: 'Glossary terms', plural: 'segments', phrase: 'had a glossary term wrong',
    lesson: `## Names and jargon from the glossary\n\nThe project has a glossary of names, products and jargon. When one is said, write it exactly as the glossary spells it.\n\n- Start typing the term and press **Tab**: the editor completes it from the glossary.\n- A word flagged as a near-miss of a glossary term is almost always the term: click the suggestion to put it in.\n- Capitals and spelling count: *Kubernetes*, not *cubernetes*.`,
  },
  punctuation_casing: {
    title: 'Punctuation and capitals', plural: 'segments', phrase: 'had punctuation or capitals off',
    lesson: `## Punctuation and capitals as the style guide says\n\nStart sentences with a capital, end them with a full stop or a question mark, and write names with capitals. Do not add punctuation that the instructions leave out.`,
  },
  speaker_error: {
    title: 'Who is speaking', plural: 'segments', phrase: 'were given to the wrong speaker',
    lesson: `## The right speaker on every segment\n\nListen to the first words of each segment before you pick the speaker: turns change fast. Alt+Shift+1…9 sets the project's speakers while you type. Start a new segment where the speaker changes.`,
  },
  segment_timing: {
    title: 'Segment boundaries', plural: 'segments', phrase: 'had a boundary off',
    lesson: `## Boundaries on the speech\n\nA segment starts where the first word starts and ends where the last word ends — not in the silence around them. Zoom in (Ctrl+wheel) and drag the edge onto the waveform's first and last peak.`,
  },
  missing_tag: {
    title: 'Tags for events', plural: 'segments', phrase: 'missed a tag',
    lesson: `## Tag what is not words\n\nMark unclear speech, noise and crosstalk with the project's tags (Alt+1…9 at the caret) where they happen, so the transcript says what could not be written.`,
  },
};
