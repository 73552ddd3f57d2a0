"""Forty FFT comments written for the theme tests, ten on each of four topics."""

PARKING = [
    "Parking was a nightmare, the car park was full.",
    "Could not find a parking space anywhere near the building.",
    "The car park is too small for the number of patients.",
    "Parking costs far too much for a weekly class.",
    "I drove round the car park for twenty minutes.",
    "Parking is difficult, please tell people to come early.",
    "No disabled parking spaces left when I arrived.",
    "The parking machines only take coins.",
    "Car park barrier was broken so I was late.",
    "More parking please, it was stressful finding a space.",
]
WAITING = [
    "We had a long wait before the class started.",
    "Waiting room was crowded and the start was delayed.",
    "I was kept waiting forty minutes past my time.",
    "The wait to get a place on the course was months.",
    "Too much waiting around at reception before we went in.",
    "Waited ages on the waiting list for this.",
    "Long wait at the start, nobody told us why.",
    "The waiting time for a referral was far too long.",
    "Sat in the waiting room for half an hour.",
    "Shorter waiting times would make a big difference.",
]
FRIENDLY = [
    "The staff were friendly and kind.",
    "Friendly staff who made me feel welcome.",
    "Every member of staff was friendly and patient.",
    "Lovely friendly staff at the front desk.",
    "The physio and staff were so friendly.",
    "Staff were warm, friendly and listened to me.",
    "Friendly, caring staff throughout.",
    "Such friendly staff, nothing was too much trouble.",
    "The staff were friendly and put me at ease.",
    "Really friendly staff, thank you all.",
]
EXERCISES = [
    "The exercises helped my back a lot.",
    "Exercises helped me move with less pain.",
    "Doing the exercises at home has helped already.",
    "The stretching exercises helped my stiffness.",
    "Learning the exercises helped me feel confident.",
    "My back pain eased once the exercises helped me move.",
    "The exercises really helped, I do them every morning.",
    "Simple exercises that helped more than I expected.",
    "The core exercises helped my posture.",
    "Exercises helped me get back to walking the dog.",
]
TOPICS = {"parking": PARKING, "waiting": WAITING, "friendly": FRIENDLY, "exercises": EXERCISES}
ALL = PARKING + WAITING + FRIENDLY + EXERCISES
